namespace GptLab.Tests;

/// <summary>Files of the repository that tests read, found from the test binary's folder.</summary>
internal static class TestPaths
{
    /// <summary>The folder that holds Course.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Tiny Shakespeare (1,115,394 characters), as nanoGPT's shakespeare_char uses it.</summary>
    public static string Shakespeare { get; } = Path.Combine(RepoRoot, "data", "tinyshakespeare", "input.txt");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Course.sln above {AppContext.BaseDirectory}.");
    }
}
