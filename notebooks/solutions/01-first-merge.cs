// Solution to notebook 01's exercise 3, "one BPE merge". Tests run it through BpeMergeCheck (it must pass), beside
// wrong answers (they must fail). Open it once your own version runs.
namespace GptLab.Solutions;

public static class FirstMergeSolution
{
    public static (int Left, int Right) MyFirstMerge(IReadOnlyList<(int[] Ids, long Count)> words)
    {
        // Every adjacent pair of every word, counted as often as the word occurs.
        var counts = new Dictionary<(int Left, int Right), long>();
        foreach (var (ids, count) in words)
            for (var i = 0; i + 1 < ids.Length; i++)
                counts[(ids[i], ids[i + 1])] = counts.GetValueOrDefault((ids[i], ids[i + 1])) + count;
        // The most frequent; among equals, the smaller left id, then the smaller right id.
        return counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Left).ThenBy(p => p.Key.Right).First().Key;
    }
}
