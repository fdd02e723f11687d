namespace GptLab.Tokenization;

/// <summary>
/// The spellings of the special tokens GptLab's tokenizers reserve ids for. <see cref="EndOfText"/> is GPT-2's document
/// separator; the chat roles and end of turn are the chat template's (nanochat's &lt;|user_start|&gt; and friends, shorter).
/// </summary>
public static class SpecialTokens
{
    public const string EndOfText = "<|endoftext|>";
    public const string User = "<|user|>";
    public const string Assistant = "<|assistant|>";
    public const string End = "<|end|>";

    /// <summary>The special tokens a chat model's tokenizer must have (the chat profiles add them to the BPE).</summary>
    public static IReadOnlyList<string> Chat { get; } = [EndOfText, User, Assistant, End];
}
