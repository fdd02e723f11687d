namespace GptLab.Evaluation;

/// <summary>
/// One scored text: <paramref name="Tokens"/> predicted tokens, their mean loss in nats, the same in bits per character,
/// the characters left out because the vocabulary lacks them, whether only the text's start was scored, and each
/// window's mean loss with its length (for a bootstrap interval: <see cref="Bootstrap"/>).
/// </summary>
public sealed record TextLossResult(string Path, long Tokens, double Loss, double BitsPerChar, int Skipped, bool Capped,
    IReadOnlyList<(double Loss, int Tokens)> Windows);
