using System.Text.Json;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.Experiments.Catalog;
using GptLab.Experiments.Limitations;
using GptLab.Tests.Cli;

namespace GptLab.Tests.Experiments;

[RunsBesideTheRest] // child processes and plain C#: no libtorch in this process
public class DistributionalShiftTests
{
    // The distributional-shift effect (code and invented facts cost the Shakespeare model more than held-out Shakespeare)
    // is asserted by notebook 07's CHECK lines on the same tiny run; this checks the lab's command line end to end on the
    // cheapest experiment: its result file with every measure inside its interval, its chart, --list, an unknown name.
    [Fact]
    [Trait("Category", TestCategory.Slow)]
    public void TheLabRunsThroughTheCliAndWritesItsResult()
    {
        var runs = TestPaths.NewTempFolder("experiment");
        var result = CliRunner.Run(runs, "experiment", "transitive-inference", "--profile", "tiny", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal("transitive-inference", json.GetProperty("experiment").GetString());
        var measures = json.GetProperty("measures").EnumerateArray().ToList();
        Assert.NotEmpty(measures);
        Assert.All(measures, m => Assert.InRange(m.GetProperty("value").GetDouble(), m.GetProperty("low").GetDouble() - 1e-9, m.GetProperty("high").GetDouble() + 1e-9));
        Assert.Equal(0.5, json.GetProperty("baseline").GetProperty("value").GetDouble()); // chance: two answers, one right
        var folder = Path.Combine(runs, "experiments", "transitive-inference");
        Assert.Equal(json.GetProperty("measures").GetArrayLength(),
            JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "result.json"))).RootElement.GetProperty("measures").GetArrayLength());
        Assert.NotEmpty(Directory.GetFiles(folder, "*.html"));
        var provenance = json.GetProperty("provenance"); // the numbers trace to the code, the settings and the machine
        Assert.Matches("^([0-9a-f]{40}|unknown)$", provenance.GetProperty("commit").GetString());
        Assert.Equal([1337L], provenance.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt64()));
        Assert.Equal("gptlab experiment transitive-inference --profile tiny --json", provenance.GetProperty("command").GetString());
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "experiment", "transitive-inference", "--seeds", "0"), "--seeds 0");

        var list = CliRunner.Run(runs, "experiment", "--list");
        Assert.All(ExperimentCatalog.All, e => Assert.Contains(e.Name, list.Stdout));
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
