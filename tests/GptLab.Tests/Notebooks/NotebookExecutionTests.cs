using GptLab.NotebookTwins;
using Xunit.Abstractions;

namespace GptLab.Tests.Notebooks;

/// <summary>
/// Runs every course notebook headless in the tiny profile, as CI does (two at a time: <see cref="NotebookLanes"/>; beside the other tests: <see cref="RunsBesideTheRestAttribute"/>), and judges the saved outputs:
/// no cell errors, every chart cell shows a chart, every <c>CHECK name=value</c> line is true.
/// </summary>
[Trait("Category", TestCategory.Slow)]
[RunsBesideTheRest]
public sealed class NotebookExecutionTests(NotebookFixture fixture, ITestOutputHelper log) : IClassFixture<NotebookFixture>
{
    public static TheoryData<string> Notebooks() => [.. CourseNotebooks()];

    private static IEnumerable<string> CourseNotebooks() =>
        Directory.GetFiles(NotebookFixture.NotebooksFolder, "*.ipynb").Where(NotebookTwin.IsCourseNotebook).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_runs_in_the_tiny_profile(string notebook)
    {
        var (run, executed) = fixture.Run(notebook, CourseNotebooks());
        log.WriteLine($"{notebook}: dotnet repl took {run.Elapsed.TotalSeconds:F1} s (two notebooks run at a time)");
        Assert.True(File.Exists(executed), $"dotnet repl wrote no notebook (exit {run.ExitCode}):\n{run.Tail}");

        var result = NotebookResult.Load(executed);
        var errors = result.Errors().ToList();
        Assert.True(errors.Count == 0, $"{notebook}: {string.Join("\n", errors)}");
        Assert.True(run.ExitCode == 0, $"dotnet repl exited {run.ExitCode}:\n{run.Tail}");

        AssertChartsAndChecks(notebook, result);
    }

    /// <summary>Every cell that draws shows a Plotly chart whose final frame has data, and every CHECK line is true.</summary>
    internal static void AssertChartsAndChecks(string notebook, NotebookResult result)
    {
        foreach (var cell in result.Cells.Where(c => c.Source.Contains("ChartOutput.Show(", StringComparison.Ordinal) || c.Source.Contains("ChartOutput.Live(", StringComparison.Ordinal)))
        {
            Assert.True(NotebookResult.HasChart(cell), $"{notebook}: {cell.Name} draws a chart, but shows no Plotly output");
            Assert.False(NotebookResult.EndsWithAnEmptyTrace(cell), $"{notebook}: {cell.Name} ends with a chart that has a trace without points (a live chart whose redraws never arrived?)");
        }

        var checks = result.Checks().ToList();
        Assert.True(checks.Count > 0, $"{notebook} printed no 'CHECK name=True' line: end the notebook with its self-checks");
        var missing = DeclaredChecks.Of(Path.Combine(NotebookFixture.NotebooksFolder, notebook)).Except(checks.Select(c => c.Name)).ToList();
        Assert.True(missing.Count == 0, $"{notebook} declares checks it did not print: {string.Join(", ", missing)}");
        foreach (var (name, value, cell) in checks)
            Assert.True(bool.TryParse(value, out var ok) && ok, $"{notebook}: CHECK {name}={value} in {cell.Name}");
    }
}
