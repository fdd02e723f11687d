namespace GptLab.Tokenization;

/// <summary>
/// Cuts a text into pieces that encode to the same ids apart as together, so that byte-pair encoding, whose merge loop
/// is quadratic in the length of one pre-token, stays linear in the text: 10 MB without a space would otherwise take
/// hours. GPT-2's pre-tokenizer never joins characters across the start of " word" (a space after a non-space), so the
/// pieces end there. A run of more than <see cref="MaxRun"/> characters with no such place (a line of 300 KB of letters)
/// is cut every <see cref="MaxRun"/> characters, outside any special-token spelling; only such runs encode otherwise.
/// </summary>
internal static class EncodingChunks
{
    /// <summary>The longest run encoded whole: far longer than any token a tokenizer learns from text.</summary>
    public const int MaxRun = 256;

    // Pieces are at least this long, so that short texts are one piece and long ones few.
    private const int Target = 4096;

    /// <summary>The ids of <paramref name="text"/>, encoded piece by piece with <paramref name="encode"/>.</summary>
    public static int[] Encode(string text, IEnumerable<string> specialTokens, Func<string, IReadOnlyList<int>> encode)
    {
        if (text.Length <= Target) return [.. encode(text)];
        var ids = new List<int>(text.Length / 3);
        foreach (var (start, length) in Pieces(text, [.. specialTokens]))
            ids.AddRange(encode(text.Substring(start, length)));
        return [.. ids];
    }

    /// <summary>Where <see cref="Encode"/> cuts <paramref name="text"/>: (start, length) of each piece, in order, covering it all.</summary>
    public static IEnumerable<(int Start, int Length)> Pieces(string text, IReadOnlyList<string> specialTokens)
    {
        var (start, lastSafe) = (0, 0);
        for (var i = 1; i < text.Length; i++)
        {
            var safe = text[i] == ' ' && !char.IsWhiteSpace(text[i - 1]);
            if (safe) lastSafe = i;
            if (safe && i - start >= Target)
            {
                yield return (start, i - start);
                start = i;
            }
            else if (i - Math.Max(lastSafe, start) >= MaxRun && !char.IsLowSurrogate(text[i]) && !InsideSpecial(text, i, specialTokens))
            {
                yield return (start, i - start);
                (start, lastSafe) = (i, i);
            }
        }
        if (start < text.Length) yield return (start, text.Length - start);
    }

    // Whether a cut before text[i] would split a special-token spelling ("<|end|>").
    private static bool InsideSpecial(string text, int i, IReadOnlyList<string> specialTokens)
    {
        foreach (var token in specialTokens)
            for (var from = Math.Max(0, i - token.Length + 1); from < i; from++)
                if (string.CompareOrdinal(text, from, token, 0, token.Length) == 0) return true;
        return false;
    }
}
