using GptLab.Configuration;
using GptLab.Training;

namespace GptLab.Tests.Training;

public class LrScheduleTests
{
    private static readonly TrainConfig Config = new() { LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 100, MaxSteps = 1100 };

    [Theory]
    [InlineData(0, 1e-3 * 1 / 101)]          // warmup starts above zero
    [InlineData(49, 1e-3 * 50 / 101)]
    [InlineData(100, 1e-3)]                   // peak right after warmup
    [InlineData(600, 5.5e-4)]                 // half way down the cosine: (max + min) / 2
    [InlineData(1100, 1e-4)]                  // floor at the end of the decay
    [InlineData(5000, 1e-4)]                  // and after it
    public void WarmupThenCosineToTheFloor(long step, double expected) =>
        Assert.Equal(expected, LrSchedule.At(step, Config), 12);

    [Fact]
    public void DecreasesMonotonicallyAfterWarmup()
    {
        var values = Enumerable.Range(100, 1001).Select(s => LrSchedule.At(s, Config)).ToArray();
        Assert.True(values.Zip(values.Skip(1)).All(p => p.First >= p.Second));
    }

    [Fact]
    public void DecayStepsCanEndBeforeMaxSteps()
    {
        var c = Config with { LrDecaySteps = 600 };
        Assert.Equal(1e-4, LrSchedule.At(600, c), 12);
        Assert.Equal(1e-4, LrSchedule.At(900, c), 12);
    }
}
