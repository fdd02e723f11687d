namespace GptLab.Experiments;

/// <summary>How one tokenizer encodes one text.</summary>
/// <param name="Tokenizer">The tokenizer's name in the comparison.</param>
/// <param name="Text">The text's name.</param>
/// <param name="VocabSize">The tokenizer's vocabulary size.</param>
/// <param name="Characters">Unicode characters (code points) in the text.</param>
/// <param name="Utf8Bytes">UTF-8 bytes of the text: what a byte-level BPE starts from.</param>
/// <param name="Tokens">Tokens of the encoding; null when the tokenizer cannot encode the text.</param>
/// <param name="Problem">Null, or why there is no encoding, e.g. "cannot encode 'é'".</param>
public sealed record TokenCount(string Tokenizer, string Text, int VocabSize, int Characters, int Utf8Bytes, int? Tokens, string? Problem)
{
    /// <summary>Tokens ÷ characters (lower is more compression); null when the text cannot be encoded.</summary>
    public double? TokensPerChar => Tokens / (double)Characters;
}
