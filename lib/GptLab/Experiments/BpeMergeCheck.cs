using GptLab.Tokenization;

namespace GptLab.Experiments;

/// <summary>
/// Checks a learner's BPE merge (notebook 01's exercise: count the adjacent pairs of ids over the pre-token words, each
/// as often as its word occurs, and take the most frequent, ties to the smaller ids) against the pair
/// <see cref="BpeTrainer"/> merges first, on the learner's corpus and on two small texts that each catch one mistake. It
/// says whether the pairs agree and, when they do not, what kind of mistake it is, never which pair is right.
/// </summary>
public static class BpeMergeCheck
{
    /// <summary>The learner's merge: from the words (byte ids, occurrences) to the pair of ids to merge.</summary>
    public delegate (int Left, int Right) FirstMerge(IReadOnlyList<(int[] Ids, long Count)> words);

    // Three distinct words share "za" while one word, repeated, holds the most frequent pairs: counting each distinct word
    // once picks "za". Every pair of two distinct words occurs once: only the tie rule decides.
    private const string RepeatedWord = "zab zac zad qq qq qq qq";

    private const string Tie = "ab cd";

    /// <summary>Whether <paramref name="mine"/> picks the trainer's first merge on <paramref name="corpus"/> and on two small texts, and a hint when it does not.</summary>
    public static (bool Right, string Message) Compare(FirstMerge mine, string corpus)
    {
        foreach (var text in new[] { corpus, RepeatedWord, Tie })
        {
            var words = BpeTrainer.Words(text);
            var expected = BpeTrainer.FirstMerge(words); // before yours, which might change the words
            (int Left, int Right) yours;
            try
            {
                yours = mine(words);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (false, $"Not yet: your function threw {e.GetType().Name} ({e.Message.Split('\n')[0]}).");
            }
            if (yours == expected) continue;
            var counts = PairCounts(words, weighted: true);
            if (!counts.ContainsKey(yours))
                return (false, "Not yet: your pair is never two neighbouring ids of one word. Look at each word's Ids[i] and Ids[i + 1].");
            if (yours == Most(PairCounts(words, weighted: false)))
                return (false, "Not yet: you counted each distinct word once. A word that occurs Count times holds its pairs Count times.");
            return counts[yours] == counts.Values.Max()
                ? (false, "Not yet: your pair is among the most frequent, but not the one ties go to. Prefer the smaller left id, then the smaller right id.")
                : (false, "Not yet: a more frequent pair exists. Add up every adjacent pair over all words, each weighted by its word's Count.");
        }
        return (true, "Right: your merge is the trainer's first on your corpus, on a repeated word and on a tie.");
    }

    private static Dictionary<(int, int), long> PairCounts(IReadOnlyList<(int[] Ids, long Count)> words, bool weighted)
    {
        var counts = new Dictionary<(int, int), long>();
        foreach (var (ids, count) in words)
            for (var i = 0; i + 1 < ids.Length; i++)
                counts[(ids[i], ids[i + 1])] = counts.GetValueOrDefault((ids[i], ids[i + 1])) + (weighted ? count : 1);
        return counts;
    }

    private static (int, int) Most(Dictionary<(int, int), long> counts) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2).First().Key;
}
