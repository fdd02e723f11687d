using GptLab.Experiments.Lab;

namespace GptLab.Tests.Experiments;

public class AcrossSeedsTests
{
    private static ExperimentResult Run(long seed, params ExperimentMeasure[] measures) => new()
    {
        Experiment = "demo", Profile = "tiny", Seed = seed, Effect = "an effect", Measures = measures,
        Baseline = ExperimentMeasure.Exact("chance", 0.5, "share"), HeldOut = "apart", ElapsedS = 2,
    };

    [Fact]
    public void EachMeasureBecomesTheMeanWithATIntervalAcrossSeeds()
    {
        var seeds = new[] { 1.0, 2.0, 3.0 }.Select((v, i) => Run(i, new ExperimentMeasure("m", v, v - 0.01, v + 0.01, "u"), ExperimentMeasure.Exact("count", 7, "n"))).ToList();
        var combined = AcrossSeeds.Combine(seeds);
        var m = combined.Measure("m");
        Assert.Equal(2.0, m.Value);
        Assert.Equal(2.0 - 4.303 / Math.Sqrt(3), m.Low, 9); // sd 1 over 3 seeds, t(2) = 4.303: wider than any seed's own interval
        Assert.Equal([1.0, 2.0, 3.0], m.PerSeed);
        var count = combined.Measure("count"); // the same in every seed: the seeds' own (zero-width) interval
        Assert.Equal((7.0, 7.0, 7.0), (count.Value, count.Low, count.High));
        var guess = AcrossSeeds.Mean([.. Enumerable.Range(0, 3).Select(_ => ExperimentMeasure.Exact("guess", (1 / 12.0 + 1 / 8.0) / 2, "share"))]);
        Assert.Equal(guess.Low, guess.High); // equal values keep a zero-width interval even where their mean is a bit off
        Assert.Equal(6, combined.ElapsedS);
        Assert.Contains("3 training seeds", combined.Effect);
        Assert.True(combined.EveryMeasureIsInsideItsInterval());
    }

    [Fact]
    public void AShareAcrossSeedsStaysBetweenZeroAndOne()
    {
        // Shares of 0.8, 1 and 1: the t interval reaches past 1; a share cannot, so the interval stops there.
        var seeds = new[] { 0.8, 1.0, 1.0 }.Select((v, i) => Run(i, ExperimentMeasure.Share("right", [.. Enumerable.Range(0, 10).Select(k => k < v * 10)]))).ToList();
        var right = AcrossSeeds.Combine(seeds).Measure("right");
        Assert.Equal(1.0, right.High);
        Assert.True(right.Low < right.Value);
        var unbounded = AcrossSeeds.Mean([.. new[] { 0.8, 1.0, 1.0 }.Select(v => new ExperimentMeasure("loss", v, v, v, "nats"))]);
        Assert.True(unbounded.High > 1.1, "a measure without bounds keeps its whole t interval");
        Assert.Equal(0.5, ExperimentMeasure.AcrossUnits("p", [0.1, 0.5, 0.9], "u", ExperimentMeasure.Probability).Value);
        Assert.Equal(0.0, ExperimentMeasure.AcrossUnits("p", [0.1, 0.5, 0.9], "u", ExperimentMeasure.Probability).Low);
    }

    [Fact]
    public void OneSeedIsReturnedAsItIsAndAMeasureMissingFromASeedIsLeftOut()
    {
        var one = Run(1, ExperimentMeasure.Exact("m", 1, "u"));
        Assert.Same(one, AcrossSeeds.Combine([one]));
        var combined = AcrossSeeds.Combine([Run(1, ExperimentMeasure.Exact("m", 1, "u"), ExperimentMeasure.Exact("only here", 1, "u")), Run(2, ExperimentMeasure.Exact("m", 2, "u"))]);
        Assert.Equal(["m"], combined.Measures.Select(x => x.Name));
        Assert.Throws<GptLabException>(() => AcrossSeeds.Combine([]));
    }

    [Fact]
    public void ProvenanceNamesTheCommitAndHashesTheSettings()
    {
        var presets = new Dictionary<string, string> { ["sft/tiny"] = "0123456789abcdef" };
        var a = Provenance.Of("demo", "tiny", 1, [1337, 1338], "gptlab experiment demo --seeds 2", presets);
        var b = Provenance.Of("demo", "tiny", 1, [1337], "gptlab experiment demo", presets);
        Assert.Matches("^([0-9a-f]{40}|unknown)$", a.Commit);
        Assert.NotEqual(a.ConfigHash, b.ConfigHash); // other seeds, other settings
        Assert.Equal(a.ConfigHash, Provenance.Of("demo", "tiny", 1, [1337, 1338], "another command", presets).ConfigHash);
        var otherPreset = new Dictionary<string, string> { ["sft/tiny"] = "fedcba9876543210" };
        Assert.NotEqual(a.ConfigHash, Provenance.Of("demo", "tiny", 1, [1337, 1338], "gptlab experiment demo --seeds 2", otherPreset).ConfigHash);
        Assert.Equal([1337L, 1338L], a.Seeds);
        Assert.Equal(presets, a.Presets);
    }
}
