namespace GptLab.Evaluation;

/// <summary>
/// How different generated texts are from each other: distinct-n (Li et al., 2016: unique n-grams over all n-grams of
/// the set; 1 when nothing repeats) and self-BLEU (Zhu et al., 2018: each text's BLEU-4 against all the others; 1 when
/// they are copies of each other). Texts are word lists (<see cref="WordIndex.Words"/>).
/// </summary>
public static class Diversity
{
    /// <summary>
    /// Distinct-n of the whole set, with a 95% jackknife interval (the set's value ± 1.96 jackknife standard errors, each
    /// text left out once). A bootstrap would be biased here: a resample repeats texts, and a repeated text repeats all
    /// its n-grams, so resampled values sit below the set's own.
    /// </summary>
    public static (double Value, double Low, double High) Distinct(IReadOnlyList<string[]> texts, int n)
    {
        var value = DistinctOf(texts, n);
        if (texts.Count < 2) return (value, value, value);
        var leftOut = Enumerable.Range(0, texts.Count).Select(i => DistinctOf(texts.Where((_, j) => j != i), n)).ToArray();
        var mean = leftOut.Average();
        var error = Math.Sqrt((texts.Count - 1.0) / texts.Count * leftOut.Sum(v => (v - mean) * (v - mean)));
        return (value, Math.Max(0, value - 1.96 * error), Math.Min(1, value + 1.96 * error));
    }

    /// <summary>Each text's BLEU-4 against the other texts as references (its self-BLEU; the mean is the set's).</summary>
    public static double[] SelfBleu(IReadOnlyList<string[]> texts) =>
        [.. texts.Select((text, i) => Bleu(text, [.. texts.Where((_, j) => j != i)]))];

    /// <summary>
    /// BLEU-4 of <paramref name="candidate"/> against <paramref name="references"/>: clipped n-gram precisions for n = 1–4,
    /// add-one smoothed above unigrams (Lin and Och's smoothing, so one missing 4-gram does not zero a short text),
    /// their geometric mean, and the brevity penalty against the reference closest in length.
    /// </summary>
    public static double Bleu(string[] candidate, IReadOnlyList<string[]> references)
    {
        if (candidate.Length == 0 || references.Count == 0) return 0;
        var logSum = 0.0;
        for (var n = 1; n <= 4; n++)
        {
            var counts = Grams(candidate, n).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
            var most = new Dictionary<string, int>(); // the most times any one reference has each n-gram
            foreach (var reference in references)
                foreach (var g in Grams(reference, n).GroupBy(g => g))
                    most[g.Key] = Math.Max(most.GetValueOrDefault(g.Key), g.Count());
            var clipped = counts.Sum(kv => Math.Min(kv.Value, most.GetValueOrDefault(kv.Key)));
            var total = Math.Max(0, candidate.Length - n + 1);
            var smooth = n == 1 ? 0 : 1;
            if (clipped + smooth == 0) return 0;
            logSum += Math.Log((clipped + smooth) / (double)(total + smooth));
        }
        var closest = references.Select(r => r.Length).OrderBy(l => Math.Abs(l - candidate.Length)).ThenBy(l => l).First();
        var brevity = candidate.Length >= closest ? 1 : Math.Exp(1 - closest / (double)candidate.Length);
        return brevity * Math.Exp(logSum / 4);
    }

    private static double DistinctOf(IEnumerable<string[]> texts, int n)
    {
        var all = texts.SelectMany(t => Grams(t, n)).ToList();
        return all.Count == 0 ? 0 : all.Distinct().Count() / (double)all.Count;
    }

    private static IEnumerable<string> Grams(string[] words, int n) =>
        Enumerable.Range(0, Math.Max(0, words.Length - n + 1)).Select(i => string.Join(' ', words, i, n));
}
