using GptLab.Experiments.Knowledge;

namespace GptLab.Tests.Cli;

/// <summary>
/// <c>gptlab experiment transfer</c> in the tiny profile, on the shared chat-tiny base copied in as the course's chat base
/// (so it is loaded, not trained again): three classifiers, every measure inside its interval, the majority baseline.
/// </summary>
[Trait("Category", TestCategory.Slow)]
[Collection(ChatTinyBaseCollection.Name)]
public class TransferCliTests(ChatTinyBase chatBase)
{
    [Fact]
    public void TheTransferExperimentTrainsThreeClassifiersOnTheCourseBase()
    {
        var (runs, json, measures) = chatBase.ExperimentOnCourseBase("transfer"); // every measure inside its interval
        Assert.All(PretrainingTransfer.Arms, arm => Assert.True(measures.ContainsKey(PretrainingTransfer.Accuracy(arm)), arm));
        Assert.Equal(0.5, json.GetProperty("baseline").GetProperty("value").GetDouble()); // half the test sentences are animals
        var folder = Path.Combine(runs, "experiments", "transfer");
        Assert.All(["fine-tuned", "head-only", "from-scratch"], arm => Assert.True(Directory.Exists(Path.Combine(folder, arm, "checkpoint")), arm));
        Assert.True(json.GetProperty("provenance").GetProperty("presets").TryGetProperty("classifier/tiny", out _), "the result names the classify preset it read");
        // The course base was loaded, not trained again: its weights are still the shared base's, byte for byte.
        var shared = Path.Combine(chatBase.Runs, "chat-base");
        var model = Directory.GetFiles(shared, "*.safetensors", SearchOption.AllDirectories);
        Assert.NotEmpty(model);
        Assert.All(model, f => Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(runs, "course-chat-tiny", Path.GetRelativePath(shared, f)))));
    }
}
