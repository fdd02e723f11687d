using System.Text.Json;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.Experiments.Catalog;
using GptLab.Experiments.Limitations;
using GptLab.Tests.Cli;

namespace GptLab.Tests.Experiments;

public class DistributionalShiftTests
{
    [Fact]
    public void TextUnlikeShakespeareCostsTheShakespeareModelMore()
    {
        var runs = TestPaths.NewTempFolder("experiment");
        var result = CliRunner.Run(runs, "experiment", "distributional-shift", "--profile", "tiny", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        var measures = json.GetProperty("measures").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m);
        // Even the 150-step tiny model finds code and invented biographies clearly harder than held-out Shakespeare.
        foreach (var source in new[] { "C# source − held out", "invented facts − held out" })
            Assert.True(measures[source].GetProperty("low").GetDouble() > 0, $"{source}: {measures[source]}");
        var baseline = json.GetProperty("baseline");
        Assert.InRange(baseline.GetProperty("value").GetDouble(), baseline.GetProperty("low").GetDouble(), baseline.GetProperty("high").GetDouble());
        Assert.True(baseline.GetProperty("value").GetDouble() < Math.Log(65), "held-out loss above the uniform guess");
        var folder = Path.Combine(runs, "experiments", "distributional-shift");
        Assert.True(File.Exists(Path.Combine(folder, "result.json")));
        Assert.True(File.Exists(Path.Combine(folder, "loss-per-source.html")));
        // The arithmetic half: the tiny assistant has no arithmetic to lose (its shares sit near chance), so only the
        // measurement itself is checked here; the cpu profile's numbers are in docs/limitations.md.
        Assert.True(File.Exists(Path.Combine(folder, "arithmetic-by-range.html")));
        foreach (var range in new[] { "0–20 (trained range, held-out problems)", "21–50", "51–99", "100–999" })
            Assert.InRange(measures[$"arithmetic {range}: prefers the right answer"].GetProperty("value").GetDouble(), 0, 1);
        Assert.True(File.Exists(Path.Combine(runs, "course-assistant-tiny", "checkpoint", "config.json")), "the course assistant was not fine-tuned into its own run folder");

        var list = CliRunner.Run(runs, "experiment", "--list");
        Assert.Contains("distributional-shift", list.Stdout);
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "experiment", "nope"), "use one of distributional-shift");
    }

    [Fact]
    public void TheHeldOutShakespeareNeverOccursInTheTrainingSplit()
    {
        // The experiment's in-distribution text is the validation split of the course corpus (Corpus.Split, val 10%).
        var corpus = Corpus.Load(TestPaths.Shakespeare);
        var (train, heldOut) = Corpus.Split(corpus, 0.1);
        for (var start = 0; start + 80 <= 30_000; start += 400)
            Assert.DoesNotContain(heldOut.Substring(start, 80), train, StringComparison.Ordinal);
        Assert.Equal(corpus, train + heldOut);
    }

    [Fact]
    public void TheBootstrapIntervalCoversTheMeanAndShrinksWithMoreWindows()
    {
        var random = new Random(5);
        List<(double, int)> Windows(int n) => [.. Enumerable.Range(0, n).Select(_ => (2.0 + random.NextDouble() - 0.5, 64))];
        var (few, many) = (Windows(20), Windows(2000));
        var (fewLow, fewHigh) = Bootstrap.Mean(few, seed: 1);
        var (manyLow, manyHigh) = Bootstrap.Mean(many, seed: 1);
        Assert.InRange(few.Average(w => w.Item1), fewLow, fewHigh);
        Assert.True(manyHigh - manyLow < (fewHigh - fewLow) / 4, "the interval did not shrink with 100 times the windows");
        var (dLow, dHigh) = Bootstrap.Difference([.. many.Select(w => (w.Item1 + 1, w.Item2))], many, seed: 2);
        Assert.InRange(1.0, dLow, dHigh);
        Assert.Single(ExperimentCatalog.All, e => e.Name == "distributional-shift");
    }
}
