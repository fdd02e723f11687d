using GptLab.Tokenization;

namespace GptLab.Configuration;

/// <summary>
/// What a run trains on and how it is tokenized (nanoGPT's dataset and prepare.py settings): the "data" section of a
/// run's config. <c>gptlab prepare</c> and <c>gptlab pretrain</c> encode the corpus with it once; stages built on a base
/// run (sft, classify) inherit the base's.
/// </summary>
public sealed record DataConfig
{
    /// <summary>Text file to pretrain on, or several separated by ';' (joined in order; validation is the end of the joined text).</summary>
    public string Corpus { get; init; } = "data/tinyshakespeare/input.txt";

    /// <summary>"char", "bpe" or "gpt2" (<see cref="Tokenizers.Kinds"/>).</summary>
    public string Tokenizer { get; init; } = Tokenizers.Char;

    /// <summary>Vocabulary size when <see cref="Tokenizer"/> is "bpe" (<see cref="BpeTrainer.MinVocabSize"/>–<see cref="BpeTrainer.MaxVocabSize"/>).</summary>
    public int BpeVocabSize { get; init; } = 512;

    /// <summary>Tokens the BPE tokenizer reserves ids for (the last ids), e.g. the chat roles; text spelling one encodes as it.</summary>
    public IReadOnlyList<string> SpecialTokens { get; init; } = [];

    /// <summary>Fraction of the corpus (its end) held out for validation.</summary>
    public double ValFraction { get; init; } = 0.1;

    /// <summary>
    /// Conversations of the instruction set mixed into the training split (mid-training), or null for the text alone. The
    /// tokenizer is trained on the text alone and validation stays the text's end, so losses compare with a base without.
    /// </summary>
    public InstructionMixConfig? Instructions { get; init; }

    /// <summary>Throws <see cref="GptLabException"/> naming the first bad value.</summary>
    public DataConfig Validate()
    {
        Instructions?.Validate();
        Require(Instructions is null || SpecialTokens.Count > 0, "instructions need the chat special tokens (special_tokens): use a chat profile");
        Require(!string.IsNullOrWhiteSpace(Corpus), "corpus is empty: name a text file");
        Require(Tokenizers.Kinds.Contains(Tokenizer), $"tokenizer='{Tokenizer}' must be {string.Join(", ", Tokenizers.Kinds)}");
        Require(BpeVocabSize is >= BpeTrainer.MinVocabSize and <= BpeTrainer.MaxVocabSize,
            $"bpe_vocab_size={BpeVocabSize} must be between {BpeTrainer.MinVocabSize} and {BpeTrainer.MaxVocabSize}");
        Require(SpecialTokens.Count == 0 || Tokenizer == Tokenizers.Bpe, $"special_tokens need tokenizer=bpe, not {Tokenizer}");
        Require(ValFraction is > 0 and < 1, $"val_fraction={ValFraction} must be between 0 and 1");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid data config: {problem}; fix it in --config or the matching flag");
    }
}
