namespace GptLab.Data;

/// <summary>
/// Seeds for per-step random streams: a function of (seed, step, micro-step) only, the same in every process,
/// so a resumed run draws exactly the batches an uninterrupted one would.
/// </summary>
public static class StepSeed
{
    /// <summary>SplitMix64 over the three numbers, folded to a non-negative int for <see cref="Random"/>.</summary>
    public static int For(long seed, long step, int micro)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)step * 0xBF58476D1CE4E5B9UL + (ulong)micro * 0x94D049BB133111EBUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
