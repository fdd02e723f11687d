namespace GptLab.Data.Tasks;

/// <summary>
/// What DPO learns from and is tested on, split by item: the training pairs, the validation pairs (the loss early
/// stopping watches), the validation questions answered by their right answers (a generation score to choose a recipe
/// on: the pairs' preference accuracy can rise while the greedy answers do not change), and held-out questions that no
/// pair asks about, each with its unit (the person or the operand pair it is about, as the intervals cluster them).
/// </summary>
public sealed record PreferenceSplit(IReadOnlyList<PreferencePair> Train, IReadOnlyList<PreferencePair> Validation, IReadOnlyList<ChatExample> ValidationQuestions,
    IReadOnlyList<ChatExample> Test, IReadOnlyList<string> TestUnits);
