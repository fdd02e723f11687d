using GptLab.Data.Tasks;

namespace GptLab.Tests.Data;

/// <summary>RL's arithmetic beyond fine-tuning's range: every question is past 20, and no held-out operand pair is trained on in any wording.</summary>
public class ArithmeticBeyondTests
{
    private static (int Low, int High, int Answer) Parse(ChatExample e)
    {
        var numbers = System.Text.RegularExpressions.Regex.Matches(e.Messages[0].Content, @"\d+").Select(m => int.Parse(m.Value)).ToArray();
        return (Math.Min(numbers[0], numbers[1]), Math.Max(numbers[0], numbers[1]), int.Parse(e.Reference));
    }

    [Fact]
    public void HeldOutOperandPairsAreNeverTrainedOnAndEveryQuestionIsBeyondTwenty()
    {
        var q = ArithmeticBeyond.Create(30, validationPairs: 30, testPairs: 60, seed: 3);
        var pairs = (IEnumerable<ChatExample> split) => split.Select(e => (Parse(e).Low, Parse(e).High)).ToHashSet();
        var (train, validation, test) = (pairs(q.Train), pairs(q.Validation), pairs(q.Test));
        Assert.Empty(train.Intersect(test));
        Assert.Empty(train.Intersect(validation));
        Assert.Empty(validation.Intersect(test));
        Assert.Equal((30, 60), (validation.Count, test.Count));
        Assert.All(q.Train.Concat(q.Validation).Concat(q.Test), e => Assert.InRange(Parse(e).High, 21, 30));
        Assert.Equal(q.Test.Count, q.TestUnits.Count);
        Assert.Equal(60, q.TestUnits.Distinct().Count());
        Assert.Equal(265 - 90, train.Count); // operand pairs (low ≤ high, high 21–30): 22 + 23 + … + 31 = 265
        // Training asks every problem of its pairs (two sums and a difference; one sum for equal operands) in every wording.
        Assert.Equal(3 * train.Sum(p => p.Low == p.High ? 2 : 3), q.Train.Count);
    }

    [Fact]
    public void AnswersAreRightAndTheSplitFollowsTheSeed()
    {
        var q = ArithmeticBeyond.Create(25, 10, 20, seed: 1);
        Assert.All(q.Test, e =>
        {
            var text = e.Messages[0].Content;
            var (low, high, answer) = Parse(e);
            Assert.Equal(text.Contains('+') ? low + high : high - low, answer);
        });
        Assert.Equal(q.Test.Select(e => e.Messages[0].Content), ArithmeticBeyond.Create(25, 10, 20, seed: 1).Test.Select(e => e.Messages[0].Content));
        Assert.NotEqual(q.Test.Select(e => e.Messages[0].Content), ArithmeticBeyond.Create(25, 10, 20, seed: 2).Test.Select(e => e.Messages[0].Content));
        Assert.Contains("too few to hold out", Assert.Throws<GptLabException>(() => ArithmeticBeyond.Create(22, 20, 20, 1)).Message);
    }
}
