using GptLab.Experiments.Catalog;
using GptLab.Experiments.Knowledge;
using GptLab.Experiments.Lab;
using GptLab.Tests.Cli;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The knowledge experiments' place in the catalog. Their tiny runs are asserted once, by notebook 08's CHECK lines
/// (run by <see cref="Notebooks.NotebookExecutionTests"/>): every measure inside its interval, fine-tuning teaches its
/// own people first, fine-tuning on new facts teaches them, re-training costs most. The data's separation is checked
/// in <see cref="KnowledgeDataTests"/>.
/// </summary>
public class KnowledgeLabTests
{
    [Fact]
    public void TheCatalogListsTheKnowledgeExperiments()
    {
        Assert.IsType<KnowledgeStorage>(ExperimentCatalog.Get("knowledge"));
        Assert.IsType<KnowledgeCutoff>(ExperimentCatalog.Get("cutoff"));
        Assert.IsType<ConversationContext>(ExperimentCatalog.Get("context"));
        Assert.IsType<Creativity>(ExperimentCatalog.Get("creativity"));
        Assert.All(KnowledgeStorage.Conditions, c => Assert.Matches("^[a-z0-9-]+$", c.Folder));
    }

    [Fact]
    public void AScaledRunHasThatManyTimesThePeopleAndStepsAndOnlyTheWorldExperimentsScale()
    {
        var cpu = new ExperimentContext("cpu", 1337, CPU, TestPaths.NewTempFolder("scale"));
        Assert.Equal((60, 1_600, 200), BiographyLab.Budget(cpu));
        Assert.Equal((240, 6_400, 800), BiographyLab.Budget(cpu with { Scale = 4 }));
        Assert.Equal(["cutoff", "knowledge"], ExperimentCatalog.All.Where(e => e.Scales).Select(e => e.Name).Order());

        var runs = TestPaths.NewTempFolder("scale-cli");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "experiment", "distributional-shift", "--scale", "2"), "--scale applies to");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "experiment", "knowledge", "--scale", "0"), "--scale 0");
        Assert.False(Directory.Exists(Path.Combine(runs, "experiments")));
    }
}
