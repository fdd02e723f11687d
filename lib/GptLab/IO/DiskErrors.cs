namespace GptLab.IO;

/// <summary>Turns low-level I/O failures into one-line messages that say what to do.</summary>
public static class DiskErrors
{
    private const int ENOSPC = 28;
    private const int EDQUOT = 122;

    /// <summary>True when <paramref name="e"/> is "no space left on device" (or a quota).</summary>
    public static bool IsDiskFull(IOException e)
    {
        var code = e.HResult & 0xFFFF;
        return code is ENOSPC or EDQUOT || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
            || e.HResult == unchecked((int)0x80070070); // ERROR_DISK_FULL on Windows
    }

    /// <summary>A <see cref="GptLabException"/> for a full disk; other errors pass through unchanged.</summary>
    public static Exception Describe(IOException e, string path) =>
        IsDiskFull(e)
            ? new GptLabException($"disk full while writing {path}: free some space (or set GPTLAB_RUNS to a bigger disk) and run again; files saved before are intact", e)
            : e;
}
