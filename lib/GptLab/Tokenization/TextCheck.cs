namespace GptLab.Tokenization;

/// <summary>Checks on the input of tokenizers: text they must round-trip exactly, ids they must know.</summary>
internal static class TextCheck
{
    /// <summary>Throws when <paramref name="text"/> holds an unpaired UTF-16 surrogate: it has no code point
    /// and no UTF-8 bytes, so no tokenizer can give it back.</summary>
    public static void ThrowIfUnpairedSurrogate(string text, string what)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
                continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            throw new GptLabException(
                $"{what} has an unpaired UTF-16 surrogate '\\u{(int)text[i]:x4}' at position {i}; fix the text's encoding.");
        }
    }

    /// <summary>The ids as a collection, after checking each is below <paramref name="vocabSize"/>.</summary>
    public static IReadOnlyCollection<int> IdsInVocabulary(IEnumerable<int> ids, int vocabSize, string vocabulary)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids as IReadOnlyCollection<int> ?? [.. ids];
        foreach (var id in list)
        {
            if ((uint)id >= (uint)vocabSize)
                throw new GptLabException(
                    $"Token id {id} is outside {vocabulary} (0..{vocabSize - 1}); decode with the tokenizer the ids came from.");
        }
        return list;
    }
}
