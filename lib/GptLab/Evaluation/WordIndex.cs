using System.Text.RegularExpressions;

namespace GptLab.Evaluation;

/// <summary>
/// A text's words in a suffix array, to ask how much of a new text it already contains: the longest run of words
/// starting at a place that also occurs somewhere in the text, exactly. Built once (about a million words in seconds);
/// each query is a binary search. Words are lower-case letters and apostrophes (<see cref="Words"/>).
/// </summary>
public sealed partial class WordIndex
{
    // Runs longer than this count as this long: it bounds sorting time on a repetitive text.
    private const int MaxRun = 256;

    private readonly Dictionary<string, int> _ids = [];
    private readonly int[] _words;    // the text as word ids
    private readonly int[] _suffixes; // every start position, sorted by the words from there on

    public WordIndex(string text)
    {
        _words = [.. Words(text).Select(w => _ids.TryGetValue(w, out var id) ? id : _ids[w] = _ids.Count)];
        _suffixes = [.. Enumerable.Range(0, _words.Length)];
        Array.Sort(_suffixes, (a, b) => Compare(_words.AsSpan(a), _words.AsSpan(b)));
    }

    /// <summary>Words of the text.</summary>
    public int Count => _words.Length;

    /// <summary>The words of <paramref name="text"/>, lower-cased, punctuation dropped.</summary>
    public static string[] Words(string text) => [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value)];

    /// <summary>How many words of <paramref name="words"/> from <paramref name="start"/> on occur, in that order, somewhere in the text.</summary>
    public int LongestRunAt(IReadOnlyList<string> words, int start)
    {
        var query = words.Skip(start).Take(MaxRun).Select(w => _ids.TryGetValue(w, out var id) ? id : -1).ToArray(); // -1: a word the text lacks
        var (low, high) = (0, _suffixes.Length);
        while (low < high) // the first suffix not below the query
        {
            var mid = (low + high) / 2;
            if (Compare(_words.AsSpan(_suffixes[mid]), query) < 0) low = mid + 1; else high = mid;
        }
        var best = 0;
        foreach (var neighbour in new[] { low - 1, low }.Where(i => i >= 0 && i < _suffixes.Length))
            best = Math.Max(best, Shared(_words.AsSpan(_suffixes[neighbour]), query));
        return best;
    }

    /// <summary>The longest run of <paramref name="words"/> that occurs in the text (0 when not even one word does).</summary>
    public int LongestRun(IReadOnlyList<string> words) =>
        words.Count == 0 ? 0 : Enumerable.Range(0, words.Count).Max(i => LongestRunAt(words, i));

    /// <summary>The share of the <paramref name="n"/>-word sequences of <paramref name="words"/> that occur in the text (0 for a shorter text).</summary>
    public double SharedFraction(IReadOnlyList<string> words, int n)
    {
        var starts = words.Count - n + 1;
        return starts <= 0 ? 0 : Enumerable.Range(0, starts).Count(i => LongestRunAt(words, i) >= n) / (double)starts;
    }

    private static int Shared(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var n = Math.Min(Math.Min(a.Length, b.Length), MaxRun);
        var i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i;
    }

    private static int Compare(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var shared = Shared(a, b);
        if (shared == MaxRun) return 0;
        if (shared == a.Length || shared == b.Length) return a.Length.CompareTo(b.Length);
        return a[shared].CompareTo(b[shared]);
    }

    [GeneratedRegex("[a-z']+")]
    private static partial Regex WordPattern();
}
