namespace GptLab.Configuration;

/// <summary>
/// The honesty pairs a preference stage learns from (<c>HonestyPairs</c>): how many new people, whom no text
/// mentions, each split asks about, and the seed that draws them and the invented answers. Shared by DPO and the
/// reward model, so both can learn from the same comparisons.
/// </summary>
public sealed record HonestyPairsConfig
{
    /// <summary>Seed of the pairs: which new names, which invented answers, which known facts.</summary>
    public int DataSeed { get; init; } = 7;

    /// <summary>New names whose questions make the training pairs "I don't know." over an invented answer.</summary>
    public int TrainUnknownPeople { get; init; } = 32;

    /// <summary>New names for the validation pairs (the loss early stopping watches).</summary>
    public int ValidationUnknownPeople { get; init; } = 8;

    /// <summary>New names, none of them asked about in training, whose questions test for invented answers.</summary>
    public int TestUnknownPeople { get; init; } = 24;

    /// <summary>Throws a one-line error naming the first bad value, as a key of the <paramref name="section"/> section.</summary>
    public HonestyPairsConfig Validate(string section)
    {
        if (TrainUnknownPeople <= 0 || ValidationUnknownPeople <= 0 || TestUnknownPeople <= 0 || TrainUnknownPeople + ValidationUnknownPeople + TestUnknownPeople > MaxPeople)
            throw new GptLabException(
                $"invalid {section} config: pairs.train_unknown_people={TrainUnknownPeople}, pairs.validation_unknown_people={ValidationUnknownPeople}, " +
                $"pairs.test_unknown_people={TestUnknownPeople} must be positive and at most {MaxPeople} in all; fix it in --config");
        return this;
    }

    /// <summary>Most new people one set of pairs asks about (the invented names run out in the thousands).</summary>
    public const int MaxPeople = 1000;
}
