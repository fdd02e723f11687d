using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
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
    public void Bars_with_intervals_carry_asymmetric_error_bars()
    {
        var html = ChartOutput.ToNotebookHtml(Charts.BarWithIntervals(["a", "b"], [2.0, 3.0], [1.5, 2.9], [2.25, 3.5], "t", "loss"));
        Assert.Contains("\"error_y\":{\"type\":\"data\",\"symmetric\":false,\"array\":[0.25,0.5],\"arrayminus\":[0.5,0.10000000000000009]}", html);
        Assert.Throws<GptLabException>(() => Charts.BarWithIntervals(["a"], [1.0], [], [1.0], "t", "y"));
    }

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
    public void Loss_chart_skips_the_steps_whose_loss_a_gpu_run_did_not_read()
    {
        // On a GPU the trainer reads the batch loss at log steps only; the steps between carry NaN, which would break the line.
        var html = ChartOutput.ToNotebookHtml(Charts.Loss(TrainingCurves.Loss([.. Metrics, new MetricRecord { Step = 31, Loss = double.NaN }])));
        Assert.Contains("\"name\":\"train (batch)\",\"mode\":\"lines\",\"x\":[10.0,20.0,30.0],\"y\":[4.0,3.5,3.0]", html);
    }

    /// <summary>Eighteen nouns, as in notebook 05's per-word chart.</summary>
    private static readonly string[] Nouns =
        ["elephant", "giraffe", "penguin", "dolphin", "squirrel", "kangaroo", "hedgehog", "tortoise", "flamingo",
         "umbrella", "teaspoon", "backpack", "notebook", "scissors", "keyboard", "lantern", "envelope", "trumpet"];

    private static GenericChart[] EveryBuilder() =>
    [
        Charts.Loss(TrainingCurves.Loss(Metrics)),
        Charts.LearningRate(TrainingCurves.LearningRate(TorchFixture.Tiny.Train)),
        Charts.BarWithIntervals(["in", "out"], [1.8, 2.3], [1.7, 2.1], [1.9, 2.5], "Shift", "loss (nats per token)"),
        Charts.Lines([Series.Of("a", [1.0, 2.0]), new Series("b", [0.0, 1.0], [2.0, 1.0])], "t", "x", "y", markers: true),
        Charts.Scatter([Series.Of("a", [1.0, 2.0])], "t", "x", "y"),
        Charts.Bar(["wte", "h.0"], [10.0, 20.0], "t", "parameters"),
        Charts.GroupedBar(["h.0", "h.1"], [new BarSeries("attn", [1.0, 2.0]), new BarSeries("mlp", [3.0, 4.0])], "t", "n", stacked: true),
        Charts.Heatmap(new double[,] { { 1, 0 }, { 0.5, 0.5 } }, ["e", "e"], ["e", "e"], "attention"),
    ];

    [Fact]
    public void Every_builder_produces_a_chart()
    {
        foreach (var chart in EveryBuilder()) Assert.Contains("Plotly.newPlot", ChartOutput.ToNotebookHtml(chart));
    }

    [Fact]
    public void Every_chart_follows_the_page_width_with_the_house_height_and_a_legend_above_the_plot()
    {
        foreach (var chart in EveryBuilder())
        {
            var (layout, config) = PlotOf(ChartOutput.ToNotebookHtml(chart));
            Assert.False(layout.TryGetProperty("width", out _), $"fixed width in {layout}"); // Plotly.NET's default is 600
            Assert.True(layout.GetProperty("autosize").GetBoolean());
            Assert.True(config.GetProperty("responsive").GetBoolean()); // redraws when the page resizes
            Assert.Equal(HouseStyle.Height, layout.GetProperty("height").GetInt32());
            Assert.Equal(HouseStyle.FontSize, layout.GetProperty("font").GetProperty("size").GetDouble());
            var legend = layout.GetProperty("legend");
            Assert.Equal("h", legend.GetProperty("orientation").GetString()); // not a column to the right of the plot
            Assert.True(legend.GetProperty("y").GetDouble() > 1, "the legend sits above the plot area");
            Assert.True(layout.GetProperty("margin").GetProperty("l").GetInt32() >= 60, "room for the y axis title");
            Assert.True(layout.GetProperty("xaxis").GetProperty("automargin").GetBoolean());
            Assert.True(layout.GetProperty("yaxis").GetProperty("automargin").GetBoolean());
        }
    }

    [Fact]
    public void Styling_keeps_the_titles_and_the_units()
    {
        var layout = PlotOf(ChartOutput.ToNotebookHtml(Charts.Loss(TrainingCurves.Loss(Metrics), "Pretraining"))).Layout;
        Assert.Equal("Pretraining", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("step", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("loss (nats per token)", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        // The title sits at the top of the figure, above a legend of several rows rather than under it.
        var title = layout.GetProperty("title");
        Assert.Equal(("container", 1.0, "top"), (title.GetProperty("yref").GetString(), title.GetProperty("y").GetDouble(), title.GetProperty("yanchor").GetString()));
    }

    [Fact]
    public void Long_titles_are_broken_into_lines_at_spaces()
    {
        const string longTitle = "The tiny assistant's arithmetic inside and outside its fine-tuning range (95% intervals)";
        var layout = PlotOf(ChartOutput.ToNotebookHtml(Charts.Bar(["a"], [1.0], longTitle, "y"))).Layout;
        var lines = layout.GetProperty("title").GetProperty("text").GetString()!.Split("<br>");
        Assert.Equal(longTitle, string.Join(" ", lines)); // nothing lost, only spaces replaced
        Assert.True(lines.Length == 2 && lines.All(l => l.Length <= HouseStyle.TitleCharacters), string.Join(" | ", lines));
        Assert.Equal("Loss", HouseStyle.Wrapped("Loss"));
    }

    [Fact]
    public void A_long_title_and_a_legend_of_several_rows_get_a_taller_top_margin_and_the_plot_keeps_its_height()
    {
        // notebook 09's probe chart: three long series names beside long bar labels, under a long title
        const string title = "Animal or thing? Test accuracy of a head on frozen features, measured on held-out nouns (tiny)";
        BarSeries[] series = [new("chat base", [0.7]), new("stand-in (the chat base through GPT-2's layout)", [0.7]), new("majority baseline", [0.5])];
        var layout = PlotOf(ChartOutput.ToNotebookHtml(Charts.GroupedBar(["linear probe on held-out nouns"], series, title, "test accuracy"))).Layout;
        var top = layout.GetProperty("margin").GetProperty("t").GetInt32();
        // Two title lines, and three legend rows: the long bar label leaves the plot too narrow for two entries side by side.
        Assert.True(top >= HouseStyle.TitlePadding + 5 * HouseStyle.LineHeight, $"top margin {top}");
        Assert.Equal(top - 100, layout.GetProperty("height").GetInt32() - HouseStyle.Height); // the figure grows by the extra margin
    }

    [Fact]
    public void Many_short_category_labels_are_tilted_and_a_few_are_not()
    {
        var crowded = PlotOf(ChartOutput.ToNotebookHtml(Charts.GroupedBar(Nouns,
            [new BarSeries("pretrained", [.. Nouns.Select(_ => 0.9)]), new BarSeries("from scratch", [.. Nouns.Select(_ => 0.5)])], "per noun", "correct"))).Layout;
        Assert.Equal(HouseStyle.TiltedTickAngle, crowded.GetProperty("xaxis").GetProperty("tickangle").GetInt32());
        Assert.True(crowded.GetProperty("xaxis").GetProperty("automargin").GetBoolean()); // the tilted labels get the room they need

        var few = PlotOf(ChartOutput.ToNotebookHtml(Charts.Bar(["KV cache", "recompute"], [300.0, 40.0], "speed", "tokens per second"))).Layout;
        Assert.False(few.GetProperty("xaxis").TryGetProperty("tickangle", out _));
    }

    [Fact]
    public void Bars_with_a_long_label_lie_on_their_side_with_the_first_label_on_top()
    {
        // notebook 07's distributional shift: sources named in words, each with its interval
        string[] sources = ["Shakespeare (held out)", "TinyStories", "uniform over the vocabulary"];
        var html = ChartOutput.ToNotebookHtml(Charts.BarWithIntervals(sources, [1.5, 3.0, 4.2], [1.4, 2.8, 4.2], [1.6, 3.2, 4.2], "Loss per source", "loss (nats per token)"));
        var (layout, _) = PlotOf(html);
        Assert.Contains("\"orientation\":\"h\"", html);
        Assert.Contains("\"error_x\":{\"type\":\"data\"", html); // the interval runs along the values
        Assert.DoesNotContain("\"error_y\":{\"type\":\"data\"", html);
        Assert.Equal("loss (nats per token)", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("tickangle", out _));

        // Many sideways bars grow the figure: a line per bar of each series.
        var labels = Enumerable.Range(1, 12).Select(i => $"a long label number {i}").ToArray();
        var tall = PlotOf(ChartOutput.ToNotebookHtml(Charts.GroupedBar(labels,
            [new BarSeries("one", [.. labels.Select(_ => 1.0)]), new BarSeries("two", [.. labels.Select(_ => 2.0)])], "t", "n"))).Layout;
        Assert.True(tall.GetProperty("height").GetInt32() >= 24 * HouseStyle.SidewaysBarHeight);
    }

    [Fact]
    public void Heatmaps_with_many_rows_grow_taller_and_leave_token_labels_to_plotly()
    {
        // notebook 02: attention over a 24-character prompt, one label per token
        var tokens = "ROMEO:\nBut soft! what light".Select(c => c.ToString()).ToArray();
        var weights = new double[tokens.Length, tokens.Length];
        var layout = PlotOf(ChartOutput.ToNotebookHtml(Charts.Heatmap(weights, tokens, tokens, "attention"))).Layout;
        var height = layout.GetProperty("height").GetInt32();
        Assert.InRange(height, HouseStyle.Height + 1, HouseStyle.MaxHeatmapHeight);
        Assert.True(height >= tokens.Length * HouseStyle.HeatmapRowHeight, "each row gets a line of its own");
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("tickangle", out _)); // plotly turns short labels upright by itself
        Assert.False(layout.TryGetProperty("width", out _));
    }

    [Fact]
    public void Combined_charts_keep_the_house_layout()
    {
        // notebook 03 overlays baselines on the loss chart with Chart.Combine
        var combined = Plotly.NET.CSharp.Chart.Combine([Charts.Loss(TrainingCurves.Loss(Metrics)), Charts.Lines([Series.Of("baseline", [4.0, 4.0])], "Loss", "step", "loss (nats per token)")]);
        var layout = PlotOf(ChartOutput.ToNotebookHtml(combined)).Layout;
        Assert.False(layout.TryGetProperty("width", out _));
        Assert.Equal(HouseStyle.Height, layout.GetProperty("height").GetInt32());
    }

    [Fact]
    public void Html_files_have_no_fixed_width()
    {
        var folder = TestPaths.NewTempFolder("charts");
        var before = ChartOutput.OutputFolder;
        try
        {
            ChartOutput.OutputFolder = folder;
            var html = File.ReadAllText(ChartOutput.WriteHtml(Charts.GroupedBar(Nouns, [new BarSeries("a", [.. Nouns.Select(_ => 1.0)])], "t", "n"), "wide"));
            var (layout, config) = PlotOf(html);
            Assert.False(layout.TryGetProperty("width", out _));
            Assert.True(layout.GetProperty("autosize").GetBoolean());
            Assert.True(config.GetProperty("responsive").GetBoolean());
            Assert.DoesNotContain("\"width\":600", html);
            Assert.DoesNotMatch("<div id=\"[^\"]+\"[^>]*style=", html); // the plot's div takes the page width
        }
        finally { ChartOutput.OutputFolder = before; }
    }

    /// <summary>The layout and config objects of the (first) plot in <paramref name="html"/>, as plotly.js receives them.</summary>
    private static (JsonElement Layout, JsonElement Config) PlotOf(string html)
    {
        JsonElement Object(string name)
        {
            var prefix = $"var {name} = ";
            var line = html.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return JsonDocument.Parse(line[prefix.Length..].TrimEnd(';')).RootElement;
        }
        return (Object("layout"), Object("config"));
    }

    [Fact]
    public void Mismatched_lengths_name_the_fix()
    {
        var e = Assert.Throws<GptLabException>(() => Charts.Bar(["a", "b"], [1.0], "t", "y"));
        Assert.Contains("one value per label", e.Message);
        Assert.Throws<GptLabException>(() => Charts.Lines([new Series("s", [1.0], [1.0, 2.0])], "t", "x", "y"));
    }

    [Fact]
    public void Html_files_share_one_plotly_script_beside_them_and_open_offline()
    {
        var folder = TestPaths.NewTempFolder("charts");
        var before = ChartOutput.OutputFolder;
        try
        {
            ChartOutput.OutputFolder = folder;
            var path = ChartOutput.WriteHtml(Charts.Loss(TrainingCurves.Loss(Metrics)), "loss");
            ChartOutput.WriteHtml(Charts.Bar(["a"], [1.0], "t", "y"), "bar");
            Assert.Equal(Path.Combine(folder, "loss.html"), path);
            var html = File.ReadAllText(path);
            Assert.Contains($"<script src=\"{ChartOutput.PlotlyScriptName}\"", html); // a file beside the page, not a CDN link
            Assert.DoesNotContain("cdn.plot.ly/plotly-", html);
            Assert.True(html.Length < 100_000, $"the page inlines plotly.js ({html.Length:N0} characters)");
            var script = Assert.Single(Directory.GetFiles(folder, "*.js"));
            Assert.Equal(ChartOutput.PlotlyScriptName, Path.GetFileName(script));
            Assert.Contains("plotly.js v", File.ReadAllText(script)); // the library itself
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
