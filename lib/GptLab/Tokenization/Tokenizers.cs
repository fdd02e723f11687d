namespace GptLab.Tokenization;

/// <summary>Makes a tokenizer by kind name, as the CLI's <c>--tokenizer</c> option does.</summary>
public static class Tokenizers
{
    /// <summary>The kinds, as written in tokenizer files and checkpoints' config.json.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["char", "bpe", "gpt2"];

    /// <summary>
    /// "char": the corpus's characters; "bpe": BPE trained on the corpus to <paramref name="vocabSize"/> ids,
    /// no special tokens; "gpt2": GPT-2's vocabulary (corpus and size unused).
    /// </summary>
    public static ITokenizer Create(string kind, string corpus, int vocabSize) => kind switch
    {
        "char" => CharTokenizer.FromCorpus(corpus),
        "bpe" => BpeTrainer.Train(corpus, vocabSize),
        "gpt2" => new Gpt2Tokenizer(),
        _ => throw new GptLabException($"Unknown tokenizer \"{kind}\"; use one of {string.Join(", ", Kinds)}."),
    };
}
