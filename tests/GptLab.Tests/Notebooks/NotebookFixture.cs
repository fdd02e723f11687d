namespace GptLab.Tests.Notebooks;

/// <summary>
/// What notebook runs need, done once: the Release library the notebooks load (<c>#r</c> in _setup.dib) is built
/// from the current sources, and the pinned dotnet-repl is restored.
/// </summary>
public sealed class NotebookFixture : IDisposable
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
    /// them trains (the Shakespeare model in 02, the chat base in 05, the assistant in 06) are reused by the later ones
    /// (<see cref="NotebookLanes"/> orders them).
    /// </summary>
    public string Runs { get; } = TestPaths.NewTempFolder("nb-runs");

    private readonly object _lock = new();
    private NotebookLanes? _lanes;

    /// <summary>
    /// The tiny-profile run of <paramref name="notebook"/>, one of <paramref name="all"/>: the first call starts them all
    /// (<see cref="NotebookLanes"/>), each call waits for its own.
    /// </summary>
    internal NotebookRun Run(string notebook, IEnumerable<string> all)
    {
        lock (_lock) _lanes ??= new NotebookLanes(all, RunOne);
        return _lanes.Result(notebook);
    }

    /// <summary>Notebooks no test asked for (a filtered run) are not started: no process outlives the tests.</summary>
    public void Dispose()
    {
        lock (_lock) _lanes?.Stop();
    }

    private NotebookRun RunOne(string notebook)
    {
        var scratch = TestPaths.NewTempFolder("nb");
        var executed = Path.Combine(scratch, notebook);
        var run = DotnetProcess.Run(NotebooksFolder,
            ["repl", "--run", notebook, "--exit-after-run", "--output-path", executed],
            new Dictionary<string, string> { ["GPTLAB_PROFILE"] = "tiny", ["GPTLAB_RUNS"] = Runs, ["GPTLAB_CHARTS"] = scratch, ["OMP_NUM_THREADS"] = "1" },
            TimeSpan.FromMinutes(6));
        return new NotebookRun(run, executed);
    }
}
