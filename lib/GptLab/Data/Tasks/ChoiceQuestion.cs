namespace GptLab.Data.Tasks;

/// <summary>
/// A two-way question for a language model: which of <paramref name="Right"/> and <paramref name="Wrong"/> is the more
/// likely continuation of <paramref name="Prompt"/>. Scored by probability, never by generation.
/// </summary>
public sealed record ChoiceQuestion(string Prompt, string Right, string Wrong);
