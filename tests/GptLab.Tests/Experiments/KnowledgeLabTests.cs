using GptLab.Experiments.Catalog;
using GptLab.Experiments.Knowledge;

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
}
