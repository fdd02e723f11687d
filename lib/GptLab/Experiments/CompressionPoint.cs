namespace GptLab.Experiments;

/// <summary>How well a BPE vocabulary of one size compresses held-out text.</summary>
/// <param name="VocabSize">Ids: 256 bytes plus the merges.</param>
/// <param name="Characters">Characters in the held-out text.</param>
/// <param name="Tokens">Tokens it encodes to.</param>
/// <param name="TrainSeconds">Time to train this vocabulary.</param>
public sealed record CompressionPoint(int VocabSize, int Characters, int Tokens, double TrainSeconds)
{
    /// <summary>Tokens ÷ characters: 1 or more at 256 (bytes), falling as merges are added.</summary>
    public double TokensPerChar => Tokens / (double)Characters;

    /// <summary>Characters ÷ tokens: the average token length.</summary>
    public double CharsPerToken => Characters / (double)Tokens;
}
