namespace GptLab.Tokenization;

/// <summary>Makes a tokenizer by kind name, as the CLI's <c>--tokenizer</c> option does.</summary>
public static class Tokenizers
{
    /// <summary>One id per character of the corpus (nanoGPT's shakespeare_char).</summary>
    public const string Char = "char";

    /// <summary>Byte-level BPE trained on the corpus by <see cref="BpeTrainer"/>.</summary>
    public const string Bpe = "bpe";

    /// <summary>GPT-2's own vocabulary (<see cref="Gpt2Tokenizer"/>).</summary>
    public const string Gpt2 = "gpt2";

    /// <summary>The kinds, as written in tokenizer files and checkpoints' config.json.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Char, Bpe, Gpt2];

    /// <summary>
    /// "char": the corpus's characters; "bpe": BPE trained on the corpus to <paramref name="vocabSize"/> ids,
    /// <paramref name="specialTokens"/> included (the last ids); "gpt2": GPT-2's vocabulary (corpus and size unused).
    /// Special tokens are a BPE feature: the other kinds reject them.
    /// </summary>
    public static ITokenizer Create(string kind, string corpus, int vocabSize, IReadOnlyList<string>? specialTokens = null) => kind switch
    {
        _ when kind != Bpe && specialTokens is { Count: > 0 } =>
            throw new GptLabException($"special tokens need the bpe tokenizer, not {kind}: set tokenizer to bpe or remove special_tokens"),
        Char => CharTokenizer.FromCorpus(corpus),
        Bpe => BpeTrainer.Train(corpus, vocabSize, specialTokens),
        Gpt2 => new Gpt2Tokenizer(),
        _ => throw new GptLabException($"Unknown tokenizer \"{kind}\"; use one of {string.Join(", ", Kinds)}."),
    };
}
