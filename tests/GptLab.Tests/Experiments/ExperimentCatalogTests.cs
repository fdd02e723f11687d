using GptLab.Experiments.Catalog;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The lab's experiments by name. Their effects are asserted by notebook 07's, 08's and 10's CHECK lines, which the notebook
/// tests run in the tiny profile (one run of each experiment per suite); the held-out sets' separation is checked in
/// <see cref="LimitationsDataTests"/>.
/// </summary>
public class ExperimentCatalogTests
{
    [Fact]
    public void TheCatalogListsTheEighteenExperimentsAndRefusesAnUnknownNameWithTheList()
    {
        Assert.Equal(["distributional-shift", "bias", "transitive-inference", "hallucination", "memorization", "scale", "knowledge", "cutoff", "context", "creativity", "transfer", "assistant", "lora", "honesty", "reward-model", "rl", "rlhf", "orca-pairs"], ExperimentCatalog.All.Select(e => e.Name));
        Assert.All(ExperimentCatalog.All, e => Assert.False(string.IsNullOrWhiteSpace(e.Summary)));
        var error = Assert.Throws<GptLabException>(() => ExperimentCatalog.Get("nope"));
        Assert.Contains("scale", error.Message);
    }
}
