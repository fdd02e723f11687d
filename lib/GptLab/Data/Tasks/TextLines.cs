namespace GptLab.Data.Tasks;

/// <summary>
/// Generated training texts of one item per line (a statement, a biography, a question and its answer), shuffled so
/// that a context window mixes items and people.
/// </summary>
public static class TextLines
{
    /// <summary><paramref name="lines"/> in an order drawn from <paramref name="random"/>, each ended by a newline.</summary>
    public static string Shuffled(IEnumerable<string> lines, Random random)
    {
        var shuffled = lines.ToArray();
        random.Shuffle(shuffled);
        return string.Concat(shuffled.Select(l => l + "\n"));
    }

    /// <summary>The lines of <paramref name="texts"/> in one shuffled text (e.g. questions mixed into pretraining).</summary>
    public static string Mix(int seed, params string[] texts) =>
        Shuffled(texts.SelectMany(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries)), new Random(seed));
}
