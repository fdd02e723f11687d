namespace GptLab.Tokenization;

/// <summary>Checks text that tokenizers must round-trip exactly.</summary>
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
}
