namespace GptLab.Data.Tasks;

/// <summary>
/// Questions whose answers a checker verifies (exact match), split three ways by item: reinforcement learning samples
/// answers to <see cref="Train"/>, watches <see cref="Validation"/>, and is tested on <see cref="Test"/>, whose items it
/// never rewards. <see cref="TestUnits"/>: each test question's item, the unit of intervals.
/// </summary>
public sealed record VerifiableQuestions(IReadOnlyList<ChatExample> Train, IReadOnlyList<ChatExample> Validation, IReadOnlyList<ChatExample> Test, IReadOnlyList<int> TestUnits);
