namespace GptLab.Data.Tasks;

/// <summary>
/// One fact of the <see cref="FactWorld"/>: <paramref name="Name"/>'s <paramref name="Kind"/> is
/// <paramref name="Value"/>. Facts are the unit the "facts" family holds out: a fact asked in test is never asked in training.
/// </summary>
public sealed record Fact(string Name, FactKind Kind, string Value)
{
    /// <summary>The one reference answer to any question about this fact (<see cref="FactQuestions.Answer"/>).</summary>
    public string Answer => FactQuestions.Answer(this);
}
