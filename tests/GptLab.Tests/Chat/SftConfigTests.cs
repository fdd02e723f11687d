using GptLab.Configuration;
using GptLab.Training;

namespace GptLab.Tests.Chat;

public class SftConfigTests
{
    [Fact]
    public void ProfilesAcceptTheBaseProfilesNamesAndRejectUnknownOnes()
    {
        Assert.Same(Presets.For(Stage.Sft, "cpu"), Presets.For(Stage.Sft, "chat-cpu"));
        Assert.Same(Presets.For(Stage.Sft, "tiny"), Presets.For(Stage.Sft, " TINY "));
        Assert.True(Presets.For(Stage.Sft, "gpu").Sft!.Dolly);
        var error = Assert.Throws<GptLabException>(() => Presets.For(Stage.Sft, "huge"));
        Assert.Contains("tiny, cpu, gpu", error.Message);
        Assert.All(Presets.Profiles(Stage.Sft), p => Assert.Equal("sft", Presets.For(Stage.Sft, p).Validate().Stage));
        Assert.Throws<GptLabException>(() => Presets.For(Stage.Base, "chat-huge")); // only the fine-tuning stages strip "chat-"
    }

    [Fact]
    public void BadSettingsNameTheKey()
    {
        Assert.Contains("loss_on='prompt'", Assert.Throws<GptLabException>(() => new SftConfig { LossOn = "prompt" }.Validate()).Message);
        Assert.Contains("epochs=0", Assert.Throws<GptLabException>(() => new SftConfig { Epochs = 0 }.Validate()).Message);
        Assert.Contains("early_stop_patience=-1", Assert.Throws<GptLabException>(() => new TrainConfig { EarlyStopPatience = -1 }.Validate()).Message);
        Assert.Contains("special_tokens need tokenizer=bpe", Assert.Throws<GptLabException>(() => new DataConfig { SpecialTokens = ["<|x|>"] }.Validate()).Message);
    }

    [Fact]
    public void TheSftSectionRoundTripsThroughConfigJson()
    {
        var sftCpu = Presets.For(Stage.Sft, "cpu");
        var config = sftCpu with { Sft = sftCpu.Sft! with { LossOn = "all", Dolly = true } };
        var back = System.Text.Json.JsonSerializer.Deserialize<RunConfig>(config.ToJson(), Json.Options)!;
        Assert.Equal(config.Sft, back.Sft);
        Assert.NotEqual(config.Sft, back.Sft! with { TrainByFamily = new Dictionary<string, int> { ["arithmetic"] = 1 } });
        Assert.Equal(new SftConfig { TrainByFamily = new Dictionary<string, int> { ["copy"] = 1, ["reverse"] = 2 } },
            new SftConfig { TrainByFamily = new Dictionary<string, int> { ["reverse"] = 2, ["copy"] = 1 } });
        var cpu = Presets.For(Stage.Base, "cpu");
        Assert.Null(System.Text.Json.JsonSerializer.Deserialize<RunConfig>(cpu.ToJson(), Json.Options)!.Sft); // other stages carry none
        Assert.DoesNotContain("\"sft\"", cpu.ToJson());
    }
}
