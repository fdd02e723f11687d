using GptLab.Evaluation;
using GptLab.Experiments.Lab;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The lab's null conditions: an arm split against itself must make the effect's check fail, and the same split of
/// data that does differ between its halves must make it pass (so the failure comes from the missing effect, not
/// from a split that can never show anything).
/// </summary>
public class NullSplitTests
{
    private static bool ExcludesZero(ExperimentMeasure m) => m.Low > 0 || m.High < 0;

    [Fact]
    public void Shares_of_one_condition_split_in_two_leave_zero_inside_the_interval()
    {
        var random = new Random(7);
        // 40 chains of 6 questions, every chain with the same 80% accuracy: no chain differs from another but by chance.
        var outcomes = Enumerable.Range(0, 240).Select(_ => random.NextDouble() < 0.8).ToArray();
        var units = UnitLabels.InRunsOf(240, 6);
        var split = NullSplit.Shares("null", outcomes, "share", units);
        Assert.False(ExcludesZero(split), $"[{split.Low}, {split.High}]");
        Assert.InRange(split.Value, -0.2, 0.2);
    }

    [Fact]
    public void Shares_that_differ_between_the_halves_exclude_zero()
    {
        // Even chains always right, odd chains always wrong: the split sees the difference whole.
        var units = UnitLabels.InRunsOf(240, 6);
        var outcomes = units.Select(u => u % 2 == 0).ToArray();
        var split = NullSplit.Shares("split", outcomes, "share", units);
        Assert.Equal(1.0, split.Value, 9);
        Assert.True(split.Low > 0);
    }

    [Fact]
    public void Units_are_split_whole_in_their_order_of_first_appearance()
    {
        // Unit labels need not be 0, 1, 2…: units 9 and 4 are the even half, 2 the odd one.
        bool[] outcomes = [true, true, false, false, true, true];
        int[] units = [9, 9, 2, 2, 4, 4];
        Assert.Equal(1.0, NullSplit.Shares("split", outcomes, "share", units).Value, 9);
        Assert.Equal(0.75, NullSplit.Shares("each item its own unit", [true, false, true, false, true, false, true, true], "share").Value, 9);
    }

    [Fact]
    public void Windows_of_one_text_split_in_two_leave_zero_inside_the_interval_and_a_real_gap_excludes_it()
    {
        var random = new Random(11);
        var same = Enumerable.Range(0, 60).Select(_ => (2.0 + random.NextDouble() * 0.4, 64)).ToArray();
        Assert.False(ExcludesZero(NullSplit.Windows("null", same, 1, "nats")));
        var gap = same.Select((w, i) => (w.Item1 + (i % 2 == 0 ? 0.5 : 0), w.Item2)).ToArray();
        var split = NullSplit.Windows("gap", gap, 1, "nats");
        Assert.True(split.Low > 0, $"[{split.Low}, {split.High}]");
    }

    [Fact]
    public void A_split_needs_two_units()
    {
        Assert.Contains("at least two units", Assert.Throws<GptLabException>(() => NullSplit.Shares("one", [true, false], "share", [3, 3])).Message);
        Assert.Contains("at least two windows", Assert.Throws<GptLabException>(() => NullSplit.Windows("one", [(2.0, 64)], 1, "nats")).Message);
        Assert.Contains("one unit per outcome", Assert.Throws<GptLabException>(() => NullSplit.Shares("mismatch", [true, false], "share", [1])).Message);
    }
}
