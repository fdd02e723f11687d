using GptLab.Evaluation;

namespace GptLab.Tests.Evaluation;

/// <summary>pass@k's unbiased estimate: its edges, a value worked by hand, and agreement with drawing k of the n samples at random.</summary>
public class PassAtKTests
{
    [Fact]
    public void TheEstimateHasItsEdgesAndAHandWorkedValue()
    {
        Assert.Equal(0.0, PassAtK.Estimate(16, 0, 16)); // nothing right: no k finds one
        Assert.Equal(1.0, PassAtK.Estimate(16, 16, 1));
        Assert.Equal(0.25, PassAtK.Estimate(16, 4, 1), 12); // pass@1 is the share right
        Assert.Equal(1.0, PassAtK.Estimate(4, 2, 3)); // only two wrong: any three hold a right one
        Assert.Equal(0.5, PassAtK.Estimate(4, 1, 2), 12); // 1 − C(3,2)/C(4,2) = 1 − 3/6
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(4, 1, 5));
    }

    [Fact]
    public void TheEstimateIsWhatDrawingKOfTheSamplesFinds()
    {
        var (n, right, k) = (16, 3, 5);
        var random = new Random(3);
        var samples = Enumerable.Range(0, n).Select(i => i < right).ToArray();
        var found = Enumerable.Range(0, 200_000).Average(_ => samples.OrderBy(_ => random.Next()).Take(k).Any(s => s) ? 1.0 : 0.0);
        Assert.Equal(PassAtK.Estimate(n, right, k), found, 2);
    }

    [Fact]
    public void CurvesRiseWithKForEveryQuestion()
    {
        var curves = PassAtK.Curves([0, 1, 8], 8);
        Assert.All(curves, c => Assert.Equal(8, c.Length));
        Assert.All(curves, c => Assert.True(c.Zip(c.Skip(1)).All(p => p.First <= p.Second)));
        Assert.Equal([0.0, 0.125, 1.0], curves.Select(c => c[0]));
    }
}
