using GptLab.Configuration;

namespace GptLab.Tests.Configuration;

/// <summary>The dpo settings: presets for every profile, flags applied through the resolver, bad values named in one line.</summary>
public class DpoConfigTests
{
    [Fact]
    public void EveryProfileHasADpoPresetAndFlagsReachTheSection()
    {
        Assert.All(Presets.Profiles(Stage.Dpo), p => Assert.Equal(Stage.Dpo, Presets.For(Stage.Dpo, p).Validate().Stage));
        Assert.Same(Presets.For(Stage.Dpo, "cpu"), Presets.For(Stage.Dpo, "chat-cpu"));
        var config = ConfigResolver.Resolve(new SettingsRequest
        {
            Stage = Stage.Dpo, Profile = "tiny", Flags = new SettingOverrides { Beta = 0.3, PreferenceLoss = "ipo", Epochs = 2, DataSeed = 9 },
        });
        Assert.Equal((0.3, "ipo", 2.0, 9), (config.Dpo!.Beta, config.Dpo.Loss, config.Dpo.Epochs, config.Dpo.DataSeed));
        Assert.Null(ConfigResolver.Resolve(Stage.Sft, "tiny").Dpo); // other stages carry none
    }

    [Theory]
    [InlineData(-1.0, "dpo", "beta=-1 must be positive")]
    [InlineData(0.0, "dpo", "beta=0 must be positive")]
    [InlineData(0.1, "ppo", "loss='ppo' must be dpo or ipo")]
    public void BadSettingsAreOneLineErrorsNamingTheKey(double beta, string loss, string expected)
    {
        var error = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(new SettingsRequest
        {
            Stage = Stage.Dpo, Profile = "tiny", Flags = new SettingOverrides { Beta = beta, PreferenceLoss = loss },
        }));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("invalid dpo config", Assert.Throws<GptLabException>(() => new DpoConfig { TestUnknownPeople = 0 }.Validate()).Message);
    }
}
