namespace GptLab.Tests.Notebooks;

/// <summary>
/// What notebook runs need, done once: the Release library the notebooks load (<c>#r</c> in _setup.dib) is built
/// from the current sources, and the pinned dotnet-repl is restored.
/// </summary>
public sealed class NotebookFixture
{
    public NotebookFixture()
    {
        var root = TestPaths.RepoRoot;
        var tools = DotnetProcess.Run(root, ["tool", "restore"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(tools.ExitCode == 0, $"dotnet tool restore failed (dotnet-repl is pinned in .config/dotnet-tools.json):\n{tools.Tail}");
        var build = DotnetProcess.Run(root, ["build", "lib/GptLab", "-c", "Release", "-v", "q", "-nologo"], timeout: TimeSpan.FromMinutes(5));
        Assert.True(build.ExitCode == 0, $"dotnet build lib/GptLab -c Release failed:\n{build.Tail}");
    }

    public static string NotebooksFolder => Path.Combine(TestPaths.RepoRoot, "notebooks");

    /// <summary>
    /// One runs folder for every notebook, as a student's <c>runs/</c>: the course models that the first notebook needing
    /// them trains (the Shakespeare model in 02, the chat base in 05, the assistant in 07) are reused by the later ones,
    /// which run in course order.
    /// </summary>
    public string Runs { get; } = TestPaths.NewTempFolder("nb-runs");
}
