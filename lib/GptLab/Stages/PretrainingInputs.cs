using GptLab.Model;
using GptLab.Tokenization;

namespace GptLab.Stages;

/// <summary>
/// What a pretraining run may be given besides its settings: a tokenizer to encode with instead of training one (one
/// tokenizer for several runs of an experiment, or a checkpoint's), and weights to start from (continued pretraining).
/// </summary>
public sealed record PretrainingInputs
{
    /// <summary>Encode the corpus with this tokenizer instead of training one from the data settings.</summary>
    public ITokenizer? Tokenizer { get; init; }

    /// <summary>A model of the run's shape whose weights the new model starts from (copied: the given model is not trained).</summary>
    public Gpt? Weights { get; init; }

    /// <summary>Who holds the run while it trains, for the message a second writer gets.</summary>
    public string Owner { get; init; } = "pretraining";
}
