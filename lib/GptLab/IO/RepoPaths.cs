namespace GptLab.IO;

/// <summary>Finds repository files (data/, notebooks/) from wherever GptLab runs: the CLI, tests, notebooks.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Course.sln above the working folder or the application, or null.</summary>
    public static string? Root { get; } = FindRoot(Environment.CurrentDirectory) ?? FindRoot(AppContext.BaseDirectory);

    /// <summary>
    /// <paramref name="path"/> as given when it exists (or is absolute); otherwise relative to the repository
    /// root when the file is there, so <c>data/tinyshakespeare/input.txt</c> works from any folder of the repo.
    /// </summary>
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path) || Root is null) return path;
        var fromRoot = Path.Combine(Root, path);
        return File.Exists(fromRoot) || Directory.Exists(fromRoot) ? fromRoot : path;
    }

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        return null;
    }
}
