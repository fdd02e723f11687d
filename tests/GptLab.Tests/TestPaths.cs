using GptLab.IO;

namespace GptLab.Tests;

/// <summary>Files of the repository that tests read, and scratch folders they write.</summary>
internal static class TestPaths
{
    /// <summary>The folder that holds Course.sln.</summary>
    public static string RepoRoot { get; } = RepoPaths.Root ?? throw new InvalidOperationException($"No Course.sln above {AppContext.BaseDirectory}.");

    /// <summary>Tiny Shakespeare (1,115,394 characters), as nanoGPT's shakespeare_char uses it.</summary>
    public static string Shakespeare { get; } = Path.Combine(RepoRoot, "data", "tinyshakespeare", "input.txt");

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string NewTempFolder(string purpose)
    {
        var folder = Path.Combine(Path.GetTempPath(), "gptlab-tests", $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 9)]);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
