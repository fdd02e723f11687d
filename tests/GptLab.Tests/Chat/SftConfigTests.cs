using GptLab.Training;

namespace GptLab.Tests.Chat;

public class SftConfigTests
{
    [Fact]
    public void ProfilesAcceptTheBaseProfilesNamesAndRejectUnknownOnes()
    {
        Assert.Same(SftProfiles.Cpu, SftProfiles.Get("chat-cpu"));
        Assert.Same(SftProfiles.Tiny, SftProfiles.Get(" TINY "));
        Assert.True(SftProfiles.Gpu.Sft!.Dolly);
        var error = Assert.Throws<GptLabException>(() => SftProfiles.Get("huge"));
        Assert.Contains("tiny, cpu, gpu", error.Message);
        Assert.All(SftProfiles.All.Values, p => Assert.Equal("sft", p.Validate().Stage));
    }

    [Fact]
    public void BadSettingsNameTheKey()
    {
        Assert.Contains("loss_on='prompt'", Assert.Throws<GptLabException>(() => new SftConfig { LossOn = "prompt" }.Validate()).Message);
        Assert.Contains("epochs=0", Assert.Throws<GptLabException>(() => new SftConfig { Epochs = 0 }.Validate()).Message);
        Assert.Contains("early_stop_patience=-1", Assert.Throws<GptLabException>(() => new TrainConfig { EarlyStopPatience = -1 }.Validate()).Message);
        Assert.Contains("special_tokens need tokenizer=bpe", Assert.Throws<GptLabException>(() => new TrainConfig { SpecialTokens = ["<|x|>"] }.Validate()).Message);
    }

    [Fact]
    public void TheSftSectionRoundTripsThroughConfigJson()
    {
        var config = SftProfiles.Cpu with { Sft = SftProfiles.Cpu.Sft! with { LossOn = "all", Dolly = true } };
        var back = System.Text.Json.JsonSerializer.Deserialize<RunConfig>(config.ToJson(), Json.Options)!;
        Assert.Equal(config.Sft, back.Sft);
        Assert.Null(System.Text.Json.JsonSerializer.Deserialize<RunConfig>(Profiles.Cpu.ToJson(), Json.Options)!.Sft); // other stages carry none
        Assert.DoesNotContain("\"sft\"", Profiles.Cpu.ToJson());
    }
}
