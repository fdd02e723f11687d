using GptLab.IO;

namespace GptLab.Tests;

/// <summary>Files of the repository that tests read, and scratch folders they write.</summary>
internal static class TestPaths
{
    /// <summary>The folder that holds Course.sln.</summary>
    public static string RepoRoot { get; } = RepoPaths.Root ?? throw new InvalidOperationException($"No Course.sln above {AppContext.BaseDirectory}.");

    /// <summary>Tiny Shakespeare (1,115,394 characters), as nanoGPT's shakespeare_char uses it.</summary>
    public static string Shakespeare { get; } = Path.Combine(RepoRoot, "data", "tinyshakespeare", "input.txt");

    /// <summary>A new empty folder under this test process's scratch root.</summary>
    public static string NewTempFolder(string purpose)
    {
        var folder = Path.Combine(ScratchRoot.Value, $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 9)]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Copies folder <paramref name="from"/> with everything in it to <paramref name="to"/>.</summary>
    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.EnumerateDirectories(from)) CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    // gptlab-tests/run-<pid>: removed at the end of the run (CourseTestFramework), when this process exits, or by the next
    // run where the test host was killed before either.
    private static readonly Lazy<string> ScratchRoot = new(() =>
    {
        var parent = Path.Combine(Path.GetTempPath(), "gptlab-tests");
        SweepStale(parent);
        var root = Path.Combine(parent, $"run-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    });

    /// <summary>Deletes this run's scratch folder, and the parent when no other run uses it.</summary>
    internal static void DeleteScratch()
    {
        if (!ScratchRoot.IsValueCreated) return;
        TryDelete(ScratchRoot.Value);
        var parent = Path.GetDirectoryName(ScratchRoot.Value)!;
        if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any()) TryDelete(parent);
    }

    /// <summary>Deletes every folder under <paramref name="parent"/> but those of live processes' runs.</summary>
    internal static void SweepStale(string parent)
    {
        Directory.CreateDirectory(parent);
        foreach (var stale in Directory.GetDirectories(parent).Where(d => !BelongsToLiveProcess(Path.GetFileName(d))))
            TryDelete(stale);
    }

    private static bool BelongsToLiveProcess(string name)
    {
        if (!name.StartsWith("run-", StringComparison.Ordinal) || !int.TryParse(name.AsSpan(4), out var pid)) return false;
        try { using var process = System.Diagnostics.Process.GetProcessById(pid); return !process.HasExited; }
        catch (ArgumentException) { return false; }
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // a file still open elsewhere: the next run's sweep takes it
        catch (UnauthorizedAccessException) { }
    }
}
