namespace GptLab.Data.Tasks;

/// <summary>
/// What DPO learns from and is tested on, split by item: the training pairs, the validation pairs (the loss early
/// stopping watches), and held-out questions that no pair asks about, each with its unit (the person or the operand
/// pair it is about, as the intervals cluster them).
/// </summary>
public sealed record PreferenceSplit(IReadOnlyList<PreferencePair> Train, IReadOnlyList<PreferencePair> Validation, IReadOnlyList<ChatExample> Test, IReadOnlyList<string> TestUnits);
