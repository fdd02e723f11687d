namespace GptLab.Data.Tasks;

/// <summary>
/// What <see cref="InstructionSet.Generate"/> makes. Counts are per family; a held-out split gets fewer when the
/// family has fewer distinct held-out prompts (the "unknown" family has 6 held-out names × 5 questions × 2 wordings).
/// </summary>
public sealed record InstructionSetOptions
{
    /// <summary>Seed of every draw; the same options give the same examples.</summary>
    public int Seed { get; init; }

    /// <summary>Training examples per family (repeats allowed when a family has fewer distinct prompts).</summary>
    public int TrainPerFamily { get; init; } = 500;

    /// <summary>Training examples of the families named here instead of <see cref="TrainPerFamily"/>.</summary>
    public IReadOnlyDictionary<string, int> TrainByFamily { get; init; } = new Dictionary<string, int>();

    /// <summary>Training examples of <paramref name="family"/>: its <see cref="TrainByFamily"/> count, else <see cref="TrainPerFamily"/>.</summary>
    public int TrainFor(string family) => TrainByFamily.GetValueOrDefault(family, TrainPerFamily);

    /// <summary>Validation examples per family, all distinct and never asked in training.</summary>
    public int ValidationPerFamily { get; init; } = 40;

    /// <summary>Test examples per family, all distinct and never asked in training or validation.</summary>
    public int TestPerFamily { get; init; } = 40;

    /// <summary>Share of training examples turned into two-turn conversations, so the model learns to read past a first answer.</summary>
    public double TwoTurnFraction { get; init; } = 0.1;

    /// <summary>Seed of the <see cref="FactWorld"/> the "facts" and "unknown" families ask about; the pretraining text must come from the same one.</summary>
    public int WorldSeed { get; init; } = FactWorld.DefaultSeed;

    /// <summary>
    /// Stories for the "story" family, one per item (split a TinyStories file at <c>&lt;|endoftext|&gt;</c>);
    /// empty skips the family. A fifth of them, at most the validation and test counts, are held out.
    /// </summary>
    public IReadOnlyList<string> Stories { get; init; } = [];

    /// <summary>Throws a <see cref="GptLabException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (TrainPerFamily < 1) throw new GptLabException($"TrainPerFamily must be at least 1, got {TrainPerFamily}");
        foreach (var (family, count) in TrainByFamily)
        {
            if (!ChatFamily.Synthetic.Contains(family))
                throw new GptLabException($"train_by_family names \"{family}\", which is not a family: use one of {string.Join(", ", ChatFamily.Synthetic)}");
            if (count < 1) throw new GptLabException($"train_by_family.{family} must be at least 1, got {count}");
        }
        if (ValidationPerFamily < 0) throw new GptLabException($"ValidationPerFamily must be 0 or more, got {ValidationPerFamily}");
        if (TestPerFamily < 0) throw new GptLabException($"TestPerFamily must be 0 or more, got {TestPerFamily}");
        if (TwoTurnFraction is < 0 or >= 1 || double.IsNaN(TwoTurnFraction))
            throw new GptLabException($"TwoTurnFraction must be from 0 up to (not including) 1, got {TwoTurnFraction}");
        if (Stories.Any(s => s.Contains("<|", StringComparison.Ordinal)))
            throw new GptLabException("a story contains a special token such as <|endoftext|>: split the corpus into stories at <|endoftext|> first");
    }
}
