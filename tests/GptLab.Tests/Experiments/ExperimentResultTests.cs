using GptLab.Experiments.Lab;

namespace GptLab.Tests.Experiments;

public class ExperimentResultTests
{
    private static ExperimentResult With(params ExperimentMeasure[] measures) => new()
    {
        Experiment = "bias", Profile = "tiny", Seed = 1337, Effect = "an effect", HeldOut = "apart",
        Measures = measures, Baseline = new ExperimentMeasure("p=0.5", 0.5, 0.45, 0.55, "share"),
    };

    [Fact]
    public void A_measure_is_found_by_its_exact_name_and_an_unknown_name_lists_the_known_ones()
    {
        var result = With(new ExperimentMeasure("p=1.0: P(usual pronoun)", 0.9, 0.8, 1.0, "share"), ExperimentMeasure.Exact("loss cost", 0.03, "nats"));
        Assert.Equal(0.03, result.Measure("loss cost").Value);
        var error = Assert.Throws<GptLabException>(() => result.Measure("p=1.0"));
        Assert.Contains("bias has no measure 'p=1.0'", error.Message);
        Assert.Contains("'p=1.0: P(usual pronoun)', 'loss cost'", error.Message);
    }

    [Fact]
    public void Every_measure_and_the_baseline_must_lie_inside_their_intervals()
    {
        Assert.True(With(new ExperimentMeasure("a", 0.2, 0.1, 0.3, "share"), ExperimentMeasure.Exact("b", 4, "count")).EveryMeasureIsInsideItsInterval());
        Assert.False(With(new ExperimentMeasure("a", 0.35, 0.1, 0.3, "share")).EveryMeasureIsInsideItsInterval());
        Assert.False((With() with { Baseline = new ExperimentMeasure("p=0.5", 0.5, 0.51, 0.55, "share") }).EveryMeasureIsInsideItsInterval());
    }
}
