using GptLab.Data.Tasks;

namespace GptLab.Evaluation;

/// <summary>
/// The model's greedy answer to one held-out prompt. <see cref="WellFormed"/>: the answer closed with <c>&lt;|end|&gt;</c>
/// and contained no role token. <see cref="Correct"/>: exact match with the reference (null for open-ended families).
/// </summary>
public sealed record ChatAnswer(ChatExample Example, string Text, bool WellFormed, bool? Correct);
