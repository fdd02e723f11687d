namespace GptLab.Evaluation;

/// <summary>
/// One scored text: <paramref name="Tokens"/> predicted tokens, their mean loss in nats, the same in bits per character,
/// the characters left out because the vocabulary lacks them, and whether only the text's start was scored.
/// </summary>
public sealed record TextLossResult(string Path, long Tokens, double Loss, double BitsPerChar, int Skipped, bool Capped);
