namespace GptLab.Sampling;

/// <summary>How to choose each next token. Defaults give readable text from a small model.</summary>
public sealed record SamplingOptions
{
    public int MaxNewTokens { get; init; } = 200;

    /// <summary>Divides the logits: below 1 sharpens, above 1 flattens; 0 means greedy (always the most likely token).</summary>
    public double Temperature { get; init; } = 0.8;

    /// <summary>Sample only among the k most likely tokens; null or 0 = all.</summary>
    public int? TopK { get; init; }

    /// <summary>Nucleus sampling: the smallest set of tokens whose probabilities add up to p; null or 1 = all.</summary>
    public double? TopP { get; init; }

    /// <summary>CTRL-style penalty on tokens already in the context: logits above 0 are divided by it, below 0 multiplied. 1 = off.</summary>
    public double RepetitionPenalty { get; init; } = 1.0;

    /// <summary>Generation stops before the first of these strings appears; it is not part of the output.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>Same seed, same model, same prompt → same text.</summary>
    public long Seed { get; init; } = 1337;

    /// <summary>Reuse keys/values of earlier positions (fast) instead of recomputing the whole context each token.</summary>
    public bool UseKvCache { get; init; } = true;

    public SamplingOptions Validate()
    {
        Require(MaxNewTokens >= 0, $"max_new_tokens={MaxNewTokens} must not be negative");
        Require(Temperature >= 0 && double.IsFinite(Temperature), $"temperature={Temperature} must be 0 (greedy) or positive");
        Require(TopK is null or >= 0, $"top_k={TopK} must not be negative");
        Require(TopP is null or (> 0 and <= 1), $"top_p={TopP} must be in (0, 1]");
        Require(RepetitionPenalty > 0 && double.IsFinite(RepetitionPenalty), $"repetition_penalty={RepetitionPenalty} must be positive (1 = off)");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid sampling option: {problem}");
    }
}
