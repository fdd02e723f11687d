using GptLab.Benchmarks;
using GptLab.Configuration;
using static TorchSharp.torch;

namespace GptLab.Tests.Benchmarks;

public class MfuTests
{
    [Fact]
    public void FlopsPerTokenIsNanoGptsCount()
    {
        // The cpu profile's model: 809,856 parameters, 8,192 of them the position embedding (64 × 128).
        using var model = Presets.For(Stage.Base, "cpu").WithVocabSize(65).CreateModel();
        Assert.Equal(809_856, model.ParameterCount());
        Assert.Equal(6 * (809_856 - 64 * 128) + 12 * 4 * 128 * 64, Benchmark.FlopsPerToken(model)); // 6N + 12·L·C·T
    }

    [Fact]
    public void TheMatmulPeakIsPositiveInBothPrecisionsAndRejectsTinySizes()
    {
        Assert.True(MatmulPeak.Gflops(CPU, ScalarType.Float32, n: 128, repeats: 1) > 0);
        Assert.True(MatmulPeak.Gflops(CPU, ScalarType.BFloat16, n: 128, repeats: 1) > 0);
        var before = TorchFixture.SettledTensorCount();
        MatmulPeak.Gflops(CPU, ScalarType.Float32, n: 64, repeats: 2);
        Assert.Equal(before, Tensor.TotalCount);
        Assert.Throws<GptLabException>(() => MatmulPeak.Gflops(CPU, ScalarType.Float32, n: 8));
    }
}
