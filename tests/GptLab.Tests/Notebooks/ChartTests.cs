using System.Reflection;
using System.Runtime.Loader;
using GptLab.Experiments;
using GptLab.Plots;
using GptLab.Training;
using Plotly.NET;

namespace GptLab.Tests.Notebooks;

/// <summary>GptLab.Plots: chart builders, HTML output, live charts, the FSharp.Core resolver.</summary>
public sealed class ChartTests
{
    private static readonly MetricRecord[] Metrics =
    [
        new() { Step = 10, Loss = 4.0 },
        new() { Step = 20, Loss = 3.5, ValLoss = 3.6, TrainEvalLoss = 3.4 },
        new() { Step = 30, Loss = 3.0 },
    ];

    [Fact]
    public void Loss_chart_draws_batch_loss_and_evaluation_points()
    {
        var html = ChartOutput.ToNotebookHtml(Charts.Loss(TrainingCurves.Loss(Metrics)));
        Assert.Contains("\"name\":\"train (batch)\"", html);
        Assert.Contains("\"name\":\"validation\"", html);
        Assert.Contains("\"name\":\"train (eval)\"", html);
        Assert.Contains("cdn.plot.ly/plotly-", html); // notebook outputs fetch plotly.js when viewed
    }

    [Fact]
    public void Loss_chart_leaves_the_step_0_evaluation_out_of_the_batch_line()
    {
        // The trainer's first metrics line is the untrained model's evaluation: it has no batch loss (0), which must
        // not pull the training line down to zero.
        var html = ChartOutput.ToNotebookHtml(Charts.Loss(TrainingCurves.Loss([new MetricRecord { Step = 0, ValLoss = 4.2, TrainEvalLoss = 4.2 }, .. Metrics])));
        Assert.Contains("\"name\":\"train (batch)\",\"mode\":\"lines\",\"x\":[10.0,20.0,30.0],\"y\":[4.0,3.5,3.0]", html);
        Assert.Contains("\"name\":\"validation\",\"mode\":\"markers\",\"x\":[0.0,20.0],\"y\":[4.2,3.6]", html); // the validation points keep step 0
    }

    [Fact]
    public void Every_builder_produces_a_chart()
    {
        GenericChart[] charts =
        [
            Charts.LearningRate(TrainingCurves.LearningRate(TorchFixture.Tiny.Train)),
            Charts.Lines([Series.Of("a", [1.0, 2.0]), new Series("b", [0.0, 1.0], [2.0, 1.0])], "t", "x", "y", markers: true),
            Charts.Scatter([Series.Of("a", [1.0, 2.0])], "t", "x", "y"),
            Charts.Bar(["wte", "h.0"], [10.0, 20.0], "t", "parameters"),
            Charts.GroupedBar(["h.0", "h.1"], [new BarSeries("attn", [1.0, 2.0]), new BarSeries("mlp", [3.0, 4.0])], "t", "n", stacked: true),
            Charts.Heatmap(new double[,] { { 1, 0 }, { 0.5, 0.5 } }, ["e", "e"], ["e", "e"], "attention"),
        ];
        foreach (var chart in charts) Assert.Contains("Plotly.newPlot", ChartOutput.ToNotebookHtml(chart));
    }

    [Fact]
    public void Mismatched_lengths_name_the_fix()
    {
        var e = Assert.Throws<GptLabException>(() => Charts.Bar(["a", "b"], [1.0], "t", "y"));
        Assert.Contains("one value per label", e.Message);
        Assert.Throws<GptLabException>(() => Charts.Lines([new Series("s", [1.0], [1.0, 2.0])], "t", "x", "y"));
    }

    [Fact]
    public void Html_files_inline_plotly_and_open_offline()
    {
        var folder = TestPaths.NewTempFolder("charts");
        var before = ChartOutput.OutputFolder;
        try
        {
            ChartOutput.OutputFolder = folder;
            var path = ChartOutput.WriteHtml(Charts.Loss(TrainingCurves.Loss(Metrics)), "loss");
            Assert.Equal(Path.Combine(folder, "loss.html"), path);
            var html = File.ReadAllText(path);
            Assert.Contains("plotly.js v", html); // the library itself, not a CDN link
            Assert.DoesNotContain("cdn.plot.ly/plotly-", html);
            Assert.Throws<GptLabException>(() => ChartOutput.WriteHtml(Charts.Loss(TrainingCurves.Loss(Metrics)), "../escape"));
        }
        finally { ChartOutput.OutputFolder = before; }
    }

    [Fact]
    public void Live_chart_draws_at_most_once_per_interval_and_always_the_last_update()
    {
        var drawn = new List<GenericChart>();
        var slow = new LiveChart(drawn.Add, TimeSpan.FromHours(1));
        var last = Charts.Loss(TrainingCurves.Loss(Metrics));
        for (var i = 0; i < 10; i++) slow.Update(Charts.Loss(TrainingCurves.Loss(Metrics[..1])));
        slow.Update(last);
        Assert.Empty(drawn);
        slow.Dispose();
        Assert.Same(last, Assert.Single(drawn));

        var fast = new LiveChart(_ => { }, TimeSpan.Zero);
        for (var i = 0; i < 5; i++) fast.Update(last);
        Assert.Equal(5, fast.Draws);
    }

    [Fact]
    public void Notebook_display_receives_charts_and_updates()
    {
        var shown = new List<string>();
        try
        {
            ChartOutput.UseDisplay(chart => { shown.Add("show"); return _ => shown.Add("update"); });
            ChartOutput.Show(Charts.Loss(TrainingCurves.Loss(Metrics)), "x");
            using (var live = ChartOutput.Live(Charts.Loss(TrainingCurves.Loss(Metrics)), "y")) live.Update(Charts.Loss(TrainingCurves.Loss(Metrics)));
            Assert.Equal(["show", "show", "update"], shown);
        }
        finally { ChartOutput.UseFiles(); }
        Assert.False(ChartOutput.IsDisplay);
    }

    [Fact]
    public void Requests_for_another_FSharp_Core_version_get_the_loaded_one()
    {
        _ = Charts.Loss(TrainingCurves.Loss(Metrics)); // loads FSharp.Core
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "FSharp.Core");
        var resolved = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("FSharp.Core, Version=99.0.0.0"));
        Assert.Same(loaded, resolved);
    }
}
