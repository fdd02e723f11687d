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
        Assert.Equal((0.05, 4, RlConfig.ShuffledRewards, 7, 3), (config.Rl!.Beta, config.Rl.Group, config.Rl.Rewards, config.Rl.Arithmetic.DataSeed, config.Train.MaxSteps));
        Assert.Null(config.Dpo);
        Assert.Null(ConfigResolver.Resolve(Stage.Dpo, "tiny").Rl); // other stages carry none

        var rlhf = ConfigResolver.Resolve(new SettingsRequest
        {
            Stage = Stage.Rl, Profile = "tiny",
            Flags = new SettingOverrides { Task = RlConfig.HonestyTask, Rewards = RlConfig.ModelRewards, RewardModel = "/runs/chat-reward", MaxNewTokens = 24, DataSeed = 5 },
        }).Rl!;
        Assert.Equal((RlConfig.HonestyTask, RlConfig.ModelRewards, "/runs/chat-reward", 24, 5), (rlhf.Task, rlhf.Rewards, rlhf.RewardModel, rlhf.MaxNewTokens, rlhf.Pairs.DataSeed));
    }

    [Theory]
    [InlineData(1, 0.0, "checker", "group=1 must be from 2 to 256")]
    [InlineData(8, -0.1, "checker", "beta=-0.1 must be 0 (no KL penalty) or positive")]
    [InlineData(8, 0.0, "random", "rewards='random' must be checker, shuffled or model")]
    [InlineData(8, 0.0, "model", "rewards=model needs reward_model, the reward run that scores the answers (--reward-model <run>)")]
    [InlineData(8, 0.0, "model", "rewards=model needs task=honesty", "arithmetic", "runs/chat-reward")]
    [InlineData(8, 0.0, "checker", "reward_model is only read with rewards=model, not checker", "honesty", "runs/chat-reward")]
    [InlineData(8, 0.0, "checker", "task='poetry' must be arithmetic or honesty", "poetry")]
    public void BadSettingsAreOneLineErrorsNamingTheKey(int group, double beta, string rewards, string expected, string? task = null, string? rewardModel = null)
    {
        var error = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(new SettingsRequest
        {
            Stage = Stage.Rl, Profile = "tiny", Flags = new SettingOverrides { Group = group, Beta = beta, Rewards = rewards, Task = task, RewardModel = rewardModel },
        }));
        Assert.Contains("invalid rl config: " + expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
