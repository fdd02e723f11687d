using GptLab.Configuration;

namespace GptLab.Tests.Configuration;

/// <summary>The dpo and reward settings: presets for every profile, flags applied through the resolver, bad values named in one line.</summary>
public class PreferenceConfigTests
{
    [Fact]
    public void EveryProfileHasARewardPresetAndItsFlagsReachTheSection()
    {
        Assert.All(Presets.Profiles(Stage.Reward), p => Assert.Equal(Stage.Reward, Presets.For(Stage.Reward, p).Validate().Stage));
        var config = ConfigResolver.Resolve(new SettingsRequest { Stage = Stage.Reward, Profile = "tiny", Flags = new SettingOverrides { Epochs = 3, DataSeed = 4 } });
        Assert.Equal((3.0, 4), (config.Reward!.Epochs, config.Reward.Pairs.DataSeed));
        Assert.Null(config.Dpo);
        Assert.Contains("invalid reward config: epochs=0", Assert.Throws<GptLabException>(() => new RewardConfig { Epochs = 0 }.Validate()).Message);
    }

    [Fact]
    public void EveryProfileHasADpoPresetAndFlagsReachTheSection()
    {
        Assert.All(Presets.Profiles(Stage.Dpo), p => Assert.Equal(Stage.Dpo, Presets.For(Stage.Dpo, p).Validate().Stage));
        Assert.Same(Presets.For(Stage.Dpo, "cpu"), Presets.For(Stage.Dpo, "chat-cpu"));
        var config = ConfigResolver.Resolve(new SettingsRequest
        {
            Stage = Stage.Dpo, Profile = "tiny", Flags = new SettingOverrides { Beta = 0.3, PreferenceLoss = "ipo", Epochs = 2, DataSeed = 9 },
        });
        Assert.Equal((0.3, "ipo", 2.0, 9), (config.Dpo!.Beta, config.Dpo.Loss, config.Dpo.Epochs, config.Dpo.Pairs.DataSeed));
        var mined = ConfigResolver.Resolve(new SettingsRequest
        {
            Stage = Stage.Dpo, Profile = "tiny", Flags = new SettingOverrides { Task = DpoConfig.ArithmeticTask, MaxNewTokens = 6, DataSeed = 3 },
        }).Dpo!;
        Assert.Equal((DpoConfig.ArithmeticTask, 6, 3), (mined.Task, mined.MaxNewTokens, mined.Arithmetic.DataSeed));
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
        Assert.Contains("invalid dpo config: pairs.train_unknown_people", Assert.Throws<GptLabException>(() => new DpoConfig { Pairs = new HonestyPairsConfig { TestUnknownPeople = 0 } }.Validate()).Message);
        Assert.Contains("at most 1000 in all", Assert.Throws<GptLabException>(() => new DpoConfig { Pairs = new HonestyPairsConfig { TrainUnknownPeople = 5000 } }.Validate()).Message);
        string Invalid(DpoConfig dpo) => Assert.Throws<GptLabException>(() => dpo.Validate()).Message;
        Assert.Contains("invalid dpo config: task='poetry' must be honesty or arithmetic", Invalid(new DpoConfig { Task = "poetry" }));
        Assert.Contains("samples=1 must be from 2 to 256", Invalid(new DpoConfig { Samples = 1 }));
        Assert.Contains("nll=-1 must be from 0 (none) to 100", Invalid(new DpoConfig { Nll = -1 }));
        Assert.Contains("invalid dpo config: arithmetic.largest_operand=20", Invalid(new DpoConfig { Task = DpoConfig.ArithmeticTask, Arithmetic = new ArithmeticQuestionsConfig { LargestOperand = 20 } }));
    }
}
