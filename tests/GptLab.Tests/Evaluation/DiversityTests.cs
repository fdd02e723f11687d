using GptLab.Evaluation;

namespace GptLab.Tests.Evaluation;

/// <summary>The creativity measures: runs of words found in a text (against a brute-force search), distinct-n and self-BLEU at their extremes.</summary>
public class DiversityTests
{
    [Fact]
    public void TheLongestRunIsTheLongestWordSequenceTheTextContains()
    {
        var index = new WordIndex("The cat sat on the mat. The dog sat on the log!");
        Assert.Equal(12, index.Count);
        Assert.Equal(4, index.LongestRun(WordIndex.Words("a dog sat on the mat"))); // "dog sat on the"
        Assert.Equal(0, index.LongestRunAt(["zebra", "sat"], 0));
        Assert.Equal(1.0, index.SharedFraction(WordIndex.Words("the cat sat on the log"), 3));
        Assert.Equal(0.5, index.SharedFraction(["the", "cat", "ran"], 2));
    }

    [Fact]
    public void RunsAgreeWithABruteForceSearch()
    {
        var rng = new Random(5);
        string[] vocabulary = ["a", "b", "c", "d"];
        var text = Enumerable.Range(0, 400).Select(_ => vocabulary[rng.Next(vocabulary.Length)]).ToArray();
        var index = new WordIndex(string.Join(' ', text));
        for (var trial = 0; trial < 50; trial++)
        {
            var query = Enumerable.Range(0, 12).Select(_ => vocabulary[rng.Next(vocabulary.Length)]).ToArray();
            var expected = Enumerable.Range(0, text.Length).Max(p => Enumerable.Range(0, Math.Min(query.Length, text.Length - p)).TakeWhile(i => text[p + i] == query[i]).Count());
            Assert.Equal(expected, index.LongestRunAt(query, 0));
        }
    }

    [Fact]
    public void CopiesScoreSelfBleuOneAndDistinctLowWhileDifferentTextsScoreTheOpposite()
    {
        var copy = WordIndex.Words("once upon a time there was a little cat that liked to play in the sun");
        string[][] copies = [copy, copy, copy, copy];
        string[][] different = [WordIndex.Words("red fish swim fast under blue boats"), WordIndex.Words("old kings sing loud songs at dawn"),
            WordIndex.Words("tiny ants carry green leaves home slowly"), WordIndex.Words("seven bright stars shine over quiet hills")];
        Assert.All(Diversity.SelfBleu(copies), b => Assert.Equal(1.0, b, 9));
        Assert.All(Diversity.SelfBleu(different), b => Assert.Equal(0, b));
        Assert.Equal(0.25, Diversity.Distinct(copies, 2).Value, 9); // each pair four times
        var (value, low, high) = Diversity.Distinct(different, 2);
        Assert.Equal(1.0, value);
        Assert.True(low <= value && value <= high);
        Assert.Equal(1.0, Diversity.Bleu(copy, [copy]), 9);
        var mixed = copies.Concat(different).ToArray();
        var (m, mLow, mHigh) = Diversity.Distinct(mixed, 2);
        Assert.True(mLow < m && m < mHigh, $"{mLow} < {m} < {mHigh}"); // an interval around the set's own value
    }
}
