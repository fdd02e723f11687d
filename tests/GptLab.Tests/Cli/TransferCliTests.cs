using System.Text.Json;
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
        Assert.True(chatBase.Pretrain.ExitCode == 0, chatBase.Pretrain.Stderr);
        var runs = TestPaths.NewTempFolder("transfer");
        TestPaths.CopyFolder(Path.Combine(chatBase.Runs, "chat-base"), Path.Combine(runs, "course-chat-tiny"));
        var model = Directory.GetFiles(Path.Combine(runs, "course-chat-tiny"), "*.safetensors", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var result = CliRunner.Run(runs, "experiment", "transfer", "--profile", "tiny", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        var measures = json.GetProperty("measures").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.All(PretrainingTransfer.Arms, arm => Assert.True(measures.ContainsKey(PretrainingTransfer.Accuracy(arm)), arm));
        Assert.All(measures.Values, m => Assert.InRange(m.GetProperty("value").GetDouble(), m.GetProperty("low").GetDouble() - 1e-9, m.GetProperty("high").GetDouble() + 1e-9));
        Assert.Equal(0.5, json.GetProperty("baseline").GetProperty("value").GetDouble()); // half the test sentences are animals
        var folder = Path.Combine(runs, "experiments", "transfer");
        Assert.All(["fine-tuned", "head-only", "from-scratch"], arm => Assert.True(Directory.Exists(Path.Combine(folder, arm, "checkpoint")), arm));
        Assert.True(json.GetProperty("provenance").GetProperty("presets").TryGetProperty("classifier/tiny", out _), "the result names the classify preset it read");
        // The course base was loaded, not trained again.
        Assert.All(model, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
    }
}
