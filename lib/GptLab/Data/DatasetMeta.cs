using GptLab.Configuration;

namespace GptLab.Data;

/// <summary>meta.json of a prepared dataset folder: what was encoded, how, and the counts to check against.</summary>
public sealed record DatasetMeta
{
    public required string Corpus { get; init; }
    public required string CorpusSha256 { get; init; }
    public required string Tokenizer { get; init; }
    public required int VocabSize { get; init; }

    /// <summary>Special tokens in id order (the BPE tokenizer's last ids); empty for most corpora.</summary>
    public IReadOnlyList<string> SpecialTokens { get; init; } = [];
    public required double ValFraction { get; init; }
    public required int TrainTokens { get; init; }
    public required int ValTokens { get; init; }
    public required string Dtype { get; init; }

    /// <summary>The instruction conversations mixed into the training split (mid-training), or null for the text alone.</summary>
    public InstructionMixConfig? Instructions { get; init; }

    /// <summary>How many of the training tokens are those conversations: the last ones of train.bin.</summary>
    public int InstructionTokens { get; init; }
}
