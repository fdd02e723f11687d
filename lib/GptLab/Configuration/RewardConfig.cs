namespace GptLab.Configuration;

/// <summary>
/// What a reward model learns from and how long (InstructGPT's reward model, from an SFT run): the passes over the
/// comparisons and the honesty pairs (<see cref="HonestyPairsConfig"/>). Stored in the run's config.json.
/// </summary>
public sealed record RewardConfig
{
    /// <summary>Passes over the training pairs; max_steps follows from them.</summary>
    public double Epochs { get; init; } = 1;

    /// <summary>The honesty pairs: how many new people each split asks about, and their seed.</summary>
    public HonestyPairsConfig Pairs { get; init; } = new();

    public RewardConfig Validate()
    {
        if (Epochs is not (> 0 and <= 100))
            throw new GptLabException($"invalid reward config: epochs={Epochs} must be in (0, 100]; fix it in --config or --epochs");
        Pairs.Validate("reward");
        return this;
    }
}
