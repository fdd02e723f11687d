using GptLab.Runtime;

namespace GptLab.Tests.Runtime;

public class CpuFeaturesTests
{
    private const string Xeon = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\nflags\t\t: fpu sse avx512f avx512_bf16 avx512_vnni\n\nprocessor\t: 1\n";

    [Fact]
    public void AmxBeatsAvx512Bf16AndNoFlagMeansNone()
    {
        var avx = CpuFeatures.Parse(Xeon);
        Assert.Equal("Intel(R) Xeon(R) Processor", avx.Model);
        Assert.Equal(CpuFeatures.Avx512, avx.Bf16);
        Assert.Contains("--dtype auto times", avx.Advice); // it depends on the chip: measure
        var amx = CpuFeatures.Parse(Xeon.Replace("avx512_vnni", "avx512_vnni amx_bf16 amx_tile"));
        Assert.Equal(CpuFeatures.Amx, amx.Bf16);
        Assert.Contains("AMX", amx.Advice);
        var epyc = CpuFeatures.Parse("model name\t: AMD EPYC 7763 64-Core Processor\nflags\t\t: fpu sse avx2\n");
        Assert.Equal(CpuFeatures.None, epyc.Bf16);
        Assert.Equal("unknown", CpuFeatures.Parse("").Model);
    }
}
