namespace GptLab.Experiments;

/// <summary>One candidate for the next token.</summary>
/// <param name="Rank">0 for the most likely.</param>
/// <param name="Id">The token id.</param>
/// <param name="Text">The token decoded alone (a byte-level piece of a longer character may show as U+FFFD).</param>
/// <param name="Probability">Its probability after the sampling options were applied.</param>
public sealed record TokenProbability(int Rank, int Id, string Text, double Probability);
