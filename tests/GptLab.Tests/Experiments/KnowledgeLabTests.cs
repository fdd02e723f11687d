using GptLab.Experiments.Catalog;
using GptLab.Experiments.Knowledge;
using GptLab.Experiments.Lab;
using static GptLab.Tests.Experiments.TinyLab;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The knowledge experiments in the tiny profile: every measure inside its interval, and the direction a tiny model
/// already shows. The data's separation is checked in <see cref="KnowledgeDataTests"/>.
/// </summary>
public class KnowledgeLabTests
{
    [Fact]
    public void QuestionFineTuningTeachesTheAskedPeopleFirst()
    {
        var result = Run(new KnowledgeStorage());
        Assert.All(KnowledgeStorage.Conditions, c => Assert.InRange(Measure(result, $"{c.Name}: held-out people answered").Value, 0, 1));
        var asked = Measure(result, "single: fine-tuned people answered");
        var heldOut = Measure(result, "single: held-out people answered");
        Assert.True(asked.Value > heldOut.Value, $"fine-tuning on questions did not teach its own people's answers better than the others': {asked} against {heldOut}");
    }

    [Fact]
    public void FineTuningOnNewFactsTeachesThem()
    {
        var result = Run(new KnowledgeCutoff());
        var before = Measure(result, "T0 assistant (no update): new facts answered");
        var tuned = Measure(result, "(a) fine-tune on new facts: new facts answered");
        Assert.True(tuned.Value > before.Value, $"fine-tuning on the new facts did not teach them: {tuned} against {before} before the update");
        Assert.True(Measure(result, "(c) re-train from scratch: training tokens").Value > Measure(result, "(a) fine-tune on new facts: training tokens").Value, "re-training cost no more than fine-tuning");
    }

    [Fact]
    public void TheCatalogListsTheKnowledgeExperiments()
    {
        Assert.Contains(ExperimentCatalog.All, e => e.Name == "knowledge");
        Assert.Contains(ExperimentCatalog.All, e => e.Name == "cutoff");
        Assert.Same(ExperimentCatalog.Get("knowledge").GetType(), typeof(KnowledgeStorage));
    }
}
