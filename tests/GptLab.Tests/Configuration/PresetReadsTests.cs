using GptLab.Configuration;

namespace GptLab.Tests.Configuration;

public class PresetReadsTests
{
    [Fact]
    public async Task ARecordingKeepsEveryPresetReadInItsFlowUnderTheTablesName()
    {
        _ = Presets.For(Stage.Dpo, "tiny"); // before the recording: not kept
        using var outer = PresetReads.Record();
        _ = Presets.For(Stage.Base, "chat-tiny");
        using (var inner = PresetReads.Record())
        {
            _ = Presets.For(Stage.Sft, "chat-tiny"); // a fine-tuning stage reads its base's profile name as its own
            Assert.Equal(["sft/tiny"], inner.Hashes.Keys);
        }
        await Task.Run(() => Presets.For(Stage.Rl, "tiny")); // a task started inside the recording belongs to it
        _ = Presets.Lab(TorchFixture.SmallConfig(), "corpus.txt", 0.1, 300, 1e-3, 100, 7); // the lab's recipe, whatever its arguments
        Assert.Equal(["base/chat-tiny", "lab/recipe", "rl/tiny", "sft/tiny"], outer.Hashes.Keys);
        Assert.Equal(PresetReads.Hash(Presets.For(Stage.Sft, "tiny")), outer.Hashes["sft/tiny"]);
        Assert.NotEqual(outer.Hashes["sft/tiny"], outer.Hashes["rl/tiny"]);
    }

    [Fact]
    public void ChangedListsThePresetsWhoseSettingsDifferFromTheRecordedOnes()
    {
        Dictionary<string, string> recorded;
        using (var reads = PresetReads.Record())
        {
            _ = Presets.For(Stage.Base, "chat-cpu");
            _ = Presets.For(Stage.Sft, "cpu");
            _ = Presets.Lab(TorchFixture.SmallConfig(), "corpus.txt", 0.1, 300, 1e-3, 100, 7);
            recorded = new Dictionary<string, string>(reads.Hashes);
        }
        Assert.Empty(PresetReads.Changed(recorded)); // today's presets: nothing changed
        var sft = Presets.For(Stage.Sft, "cpu");
        recorded["sft/cpu"] = PresetReads.Hash(sft with { Train = sft.Train with { LearningRate = sft.Train.LearningRate * 2 } }); // made with another rate
        recorded["dpo/laptop"] = "0000000000000000"; // a preset that is gone
        Assert.Equal(["sft/cpu", "dpo/laptop"], PresetReads.Changed(recorded));
    }
}
