using GptLab.Benchmarks;
using static TorchSharp.torch;

namespace GptLab.Tests.Benchmarks;

public class DeviceAgreementTests
{
    [Fact]
    public void TheCpuAgreesWithItselfAndBf16StaysWithinItsTolerance()
    {
        var agreement = DeviceAgreement.Measure(TorchFixture.SmallConfig(), CPU, seed: 3);
        Assert.Equal(0.0, agreement.Fp32); // the same kernels on the same weights
        Assert.InRange(agreement.Bf16, 1e-5, 2e-2); // bf16 matmuls really ran, and stayed close (the GPU check's bound)
    }
}
