using Xunit.Abstractions;

namespace GptLab.Tests.Notebooks;

/// <summary>The file-based twin of notebook 00 runs end to end without a notebook kernel.</summary>
[Trait("Category", TestCategory.Slow)]
public sealed class TwinRunTests(ITestOutputHelper log)
{
    [Fact]
    public void Setup_twin_runs_and_writes_html_charts()
    {
        var charts = TestPaths.NewTempFolder("twin");
        var run = DotnetProcess.Run(TestPaths.RepoRoot, ["run", "notebooks/00-setup.cs"],
            new Dictionary<string, string> { ["GPTLAB_PROFILE"] = "tiny", ["GPTLAB_CHARTS"] = charts, ["GPTLAB_RUNS"] = charts },
            TimeSpan.FromMinutes(5));
        log.WriteLine($"dotnet run notebooks/00-setup.cs took {run.Elapsed.TotalSeconds:F1} s");
        Assert.True(run.ExitCode == 0, $"dotnet run notebooks/00-setup.cs exited {run.ExitCode}:\n{run.Tail}");

        foreach (var chart in new[] { "00-lr-schedule", "00-first-steps" })
        {
            var path = Path.Combine(charts, chart + ".html");
            Assert.True(File.Exists(path), $"no {chart}.html in {charts}:\n{run.Tail}");
            Assert.Contains("Plotly.newPlot", File.ReadAllText(path));
        }
        var checks = run.Output.Split('\n').Select(l => NotebookResult.CheckLine().Match(l.Trim())).Where(m => m.Success).ToList();
        Assert.NotEmpty(checks);
        foreach (var m in checks) Assert.Equal("True", m.Groups[2].Value);
    }
}
