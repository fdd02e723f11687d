using GptLab.Configuration;

namespace GptLab.Tests.Configuration;

/// <summary>The rl settings: a preset for every profile, flags applied through the resolver, bad values named in one line.</summary>
public class RlConfigTests
{
    [Fact]
    public void EveryProfileHasAnRlPresetAndFlagsReachTheSection()
    {
        Assert.All(Presets.Profiles(Stage.Rl), p => Assert.Equal(Stage.Rl, Presets.For(Stage.Rl, p).Validate().Stage));
        var config = ConfigResolver.Resolve(new SettingsRequest
        {
            Stage = Stage.Rl, Profile = "tiny", Flags = new SettingOverrides { Beta = 0.05, Group = 4, Rewards = RlConfig.ShuffledRewards, DataSeed = 7, MaxSteps = 3 },
        });
        Assert.Equal((0.05, 4, RlConfig.ShuffledRewards, 7, 3), (config.Rl!.Beta, config.Rl.Group, config.Rl.Rewards, config.Rl.DataSeed, config.Train.MaxSteps));
        Assert.Null(config.Dpo);
        Assert.Null(ConfigResolver.Resolve(Stage.Dpo, "tiny").Rl); // other stages carry none
    }

    [Theory]
    [InlineData(1, 0.0, "checker", "group=1 must be from 2 to 256")]
    [InlineData(8, -0.1, "checker", "beta=-0.1 must be 0 (no KL penalty) or positive")]
    [InlineData(8, 0.0, "random", "rewards='random' must be checker or shuffled")]
    public void BadSettingsAreOneLineErrorsNamingTheKey(int group, double beta, string rewards, string expected)
    {
        var error = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(new SettingsRequest
        {
            Stage = Stage.Rl, Profile = "tiny", Flags = new SettingOverrides { Group = group, Beta = beta, Rewards = rewards },
        }));
        Assert.Contains("invalid rl config: " + expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
