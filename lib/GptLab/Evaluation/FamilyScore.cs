namespace GptLab.Evaluation;

/// <summary>Scores of one task family: how many prompts, the share of well-formed answers, and exact-match accuracy (null when open-ended).</summary>
public sealed record FamilyScore(string Family, int Count, double FormatAdherence, double? ExactMatch);
