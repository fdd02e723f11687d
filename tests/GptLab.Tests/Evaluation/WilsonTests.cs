using GptLab.Evaluation;
using GptLab.Experiments.Lab;

namespace GptLab.Tests.Evaluation;

public class WilsonTests
{
    [Fact]
    public void TheIntervalMatchesTheFormulaAndNeverCollapsesOnAFiniteSample()
    {
        var (low, high) = Wilson.Interval(8, 10); // the textbook case
        Assert.Equal((0.4902, 0.9433), (Math.Round(low, 4), Math.Round(high, 4)));
        var (allLow, allHigh) = Wilson.Interval(300, 300);
        Assert.Equal(1.0, allHigh);
        Assert.InRange(allLow, 0.98, 0.999); // "1.000 (1.000 to 1.000)" no more
        var (noneLow, noneHigh) = Wilson.Interval(0, 12);
        Assert.Equal(0.0, noneLow);
        Assert.InRange(noneHigh, 0.2, 0.3);
        Assert.Throws<GptLabException>(() => Wilson.Interval(0, 0));
    }

    [Fact]
    public void TheDifferenceIsNewcombesAndHasWidthWhereBothSharesAreCertain()
    {
        var (low, high) = Wilson.Difference((56, 70), (48, 80)); // Newcombe (1998), table II, example (a)
        Assert.Equal((0.0524, 0.3339), (Math.Round(low, 4), Math.Round(high, 4)));
        var (dLow, dHigh) = Wilson.Difference((12, 12), (0, 12));
        Assert.True(dLow < 1 && dHigh == 1, $"{dLow} to {dHigh}");
    }

    [Fact]
    public void AShareMeasureCarriesItsWilsonInterval()
    {
        var share = ExperimentMeasure.Share("right", [.. Enumerable.Repeat(true, 300)]);
        Assert.Equal(1.0, share.Value);
        Assert.True(share.Low < share.Value, "a share of 1 on 300 questions must not claim certainty");
        var difference = ExperimentMeasure.ShareDifference("a − b", [true, true, false, true], [false, false, false, false], "share");
        Assert.Equal(0.75, difference.Value);
        Assert.InRange(difference.Value, difference.Low, difference.High);
    }
}
