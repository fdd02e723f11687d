using GptLab.Experiments.Catalog;
using GptLab.Experiments.Lab;
using GptLab.Experiments.Limitations;
using static GptLab.Tests.Experiments.TinyLab;

namespace GptLab.Tests.Experiments;

/// <summary>
/// Each experiment of the limitations lab in the tiny profile: the effect goes the way the notebook says, and its
/// interval says so too. The held-out sets' separation is checked in <see cref="LimitationsDataTests"/>.
/// </summary>
public class LimitationsLabTests
{
    [Fact]
    public void BiasInTheDataComesOutAndCounterfactualAugmentationRemovesIt()
    {
        var result = Run(new Bias());
        var full = Measure(result, "p=1.0: P(usual pronoun)");
        Assert.True(full.Low > result.Baseline.High, $"a pronoun always used with its occupation is no likelier than one used half the time: {full} against {result.Baseline}");
        Assert.True(Measure(result, "p=1.0: chooses the usual pronoun").Value > Measure(result, "p=1.0: P(usual pronoun)").Value, "choosing the likelier pronoun did not amplify the probability");
        Assert.True(Measure(result, "bias, distance of P from 0.5: counterfactual − original").High < 0, "counterfactual augmentation did not reduce the bias");
        Assert.True(Measure(result, "loss cost of the augmentation").Value > 0, "augmentation cost nothing on text of the original distribution");
    }

    [Fact]
    public void StatedComparisonsAreKnownAndImpliedOnesAreNot()
    {
        var result = Run(new CommonSense());
        Assert.True(Measure(result, "stated − implied accuracy").Low > 0, $"stated facts not better known than implied ones: {Measure(result, "stated − implied accuracy")}");
        Assert.True(Measure(result, "stated: accuracy").Low > result.Baseline.Value, "stated comparisons at chance");
    }

    [Fact]
    public void AbstentionsInTrainingReduceInventedAnswers()
    {
        var result = Run(new Hallucination());
        var difference = Measure(result, "invented answers: with − without abstentions");
        Assert.True(difference.High < 0, $"abstention data did not reduce invented answers: {difference}");
        Assert.True(Measure(result, "unknown people, no abstentions: invented answers").Value > 0.5, "without abstentions the model should invent most answers about unknown people");
    }

    [Fact]
    public void PassagesSeenMoreOftenAreContinuedVerbatim()
    {
        var result = Run(new Memorization());
        var effect = Measure(result, "16 copies − never inserted");
        Assert.True(effect.Low > 0, $"passages inserted 16 times are not continued more often than unseen ones: {effect}");
        Assert.Equal(0, result.Baseline.Value); // 32 exact characters of a passage never seen: no model writes them
    }

    [Fact]
    public void MoreComputeGivesLowerHeldOutLoss()
    {
        var result = Run(new ScaleSweep());
        var effect = result.Measures.Single(m => m.Name.StartsWith("most − least compute", StringComparison.Ordinal));
        Assert.True(effect.High < 0, $"the most compute did not beat the least: {effect}");
        Assert.True(result.Measures.Where(m => m.Name.Contains("val loss", StringComparison.Ordinal)).All(m => m.Value < result.Baseline.Value + 0.5), "a sweep run is far above the unigram loss");
    }

    [Fact]
    public void TheCatalogListsTheSixExperiments()
    {
        Assert.Equal(["distributional-shift", "bias", "common-sense", "hallucination", "memorization", "scale", "knowledge", "cutoff", "context", "creativity"], ExperimentCatalog.All.Select(e => e.Name));
        Assert.All(ExperimentCatalog.All, e => Assert.False(string.IsNullOrWhiteSpace(e.Summary)));
        var error = Assert.Throws<GptLabException>(() => ExperimentCatalog.Get("nope"));
        Assert.Contains("scale", error.Message);
    }
}
