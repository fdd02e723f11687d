using System.Text.Json.Serialization;

namespace GptLab.Evaluation;

/// <summary>
/// Scores of one task family: how many prompts, the share of well-formed answers, and exact-match accuracy (null when
/// open-ended) with its 95% Wilson interval over the prompts and, when the training examples were given, the majority
/// baseline: the share a model that always gave the family's most common training answer would get right.
/// </summary>
public sealed record FamilyScore(string Family, int Count, double FormatAdherence, double? ExactMatch)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ExactMatchLow { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ExactMatchHigh { get; init; }

    /// <summary>The share of these prompts whose answer is the family's most common answer in training (null: no training examples given, or open-ended).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Majority { get; init; }
}
