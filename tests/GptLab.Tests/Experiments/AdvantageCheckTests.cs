using GptLab.Experiments.Preference;

namespace GptLab.Tests.Experiments;

/// <summary>Notebook 10's RL exercise check: the right advantages pass; common mistakes fail with a hint that gives no values away.</summary>
public class AdvantageCheckTests
{
    private static float[] GroupMean(float[] rewards, int group) =>
        [.. rewards.Select((r, i) => r - rewards.Skip(i / group * group).Take(group).Average())];

    [Fact]
    public void TheRightAdvantagesAndTheNotebooksSolutionPass()
    {
        Assert.True(AdvantageCheck.Compare(GroupMean).Right);
        Assert.True(AdvantageCheck.Compare(GptLab.Solutions.AdvantagesSolution.MyAdvantages).Right); // notebooks/solutions/10-advantages.cs
    }

    [Fact]
    public void MistakesFailWithAHintAndNoValues()
    {
        var (noBaseline, hint) = AdvantageCheck.Compare((r, _) => r); // the raw reward
        Assert.False(noBaseline);
        Assert.Contains("baseline", hint);
        var (batchMean, hint2) = AdvantageCheck.Compare((r, _) => [.. r.Select(x => x - r.Average())]); // one baseline for every prompt
        Assert.False(batchMean);
        Assert.DoesNotContain("0.", hint + hint2);
        Assert.False(AdvantageCheck.Compare((r, g) => GroupMean(r, g)[..^1]).Right);
        Assert.False(AdvantageCheck.Compare((_, _) => throw new InvalidOperationException("not written")).Right);
    }
}
