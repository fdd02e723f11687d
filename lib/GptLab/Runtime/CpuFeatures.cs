namespace GptLab.Runtime;

/// <summary>
/// The CPU's model name and its native bf16 support, from /proc/cpuinfo on Linux ("unknown" elsewhere): AMX tiles
/// (amx_bf16) multiply bf16 matrices several times faster than fp32; with AVX-512 BF16 alone libtorch's bf16 matmul
/// measured about half the fp32 speed on an Intel Xeon and about twice it on an AMD EPYC (Zen 4) (docs/benchmarks.md),
/// so fp32 stays the default and dtype auto measures (<c>PrecisionChoice</c>).
/// </summary>
public sealed record CpuFeatures(string Model, string Bf16, string Advice)
{
    public const string Amx = "amx_bf16";
    public const string Avx512 = "avx512_bf16";
    public const string None = "none";

    /// <summary>This machine's, read once.</summary>
    public static CpuFeatures Current { get; } = Read();

    /// <summary>Parses the text of /proc/cpuinfo (its first processor's lines suffice).</summary>
    public static CpuFeatures Parse(string cpuinfo)
    {
        string? Field(string name) => cpuinfo.Split('\n').Select(l => l.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim() == name)?[1].Trim();
        var flags = (Field("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var bf16 = flags.Contains(Amx) ? Amx : flags.Contains(Avx512) ? Avx512 : None;
        var advice = bf16 switch
        {
            Amx => "native bf16 matmul (AMX): bf16 may train faster; --dtype auto times a model's training step in both and takes the faster",
            Avx512 => "AVX-512 BF16 without AMX: bf16 matmul ran at half the fp32 speed on an Intel Xeon and at twice it on an AMD EPYC (Zen 4); --dtype auto times a model's training step in both and takes the faster",
            _ => "no native bf16: keep fp32 (bf16 would be emulated)",
        };
        return new CpuFeatures(Field("model name") ?? "unknown", bf16, advice);
    }

    private static CpuFeatures Read()
    {
        try { return File.Exists("/proc/cpuinfo") ? Parse(File.ReadAllText("/proc/cpuinfo")) : new CpuFeatures("unknown", "unknown", "bf16 support unknown on this OS: --dtype auto times a model's training step in both precisions"); }
        catch (IOException) { return new CpuFeatures("unknown", "unknown", "/proc/cpuinfo unreadable: --dtype auto times a model's training step in both precisions"); }
    }
}
