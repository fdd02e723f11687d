namespace GptLab.Configuration;

/// <summary>
/// What direct preference optimisation (DPO, Rafailov et al. 2023) trains on and how: the strength β of the implicit
/// KL constraint to the reference (the SFT model), the loss (DPO's logistic loss, or IPO's squared one, Azar et al.
/// 2023), the passes over the pairs, and the honesty pairs' size and seed. Stored in the run's config.json.
/// </summary>
public sealed record DpoConfig
{
    /// <summary>
    /// β: how far the policy may move from the reference. DPO's implicit reward is β · log(π/π_ref); a small β lets the
    /// policy drift far for a small loss, a large one keeps it close (LLMs-from-scratch and the paper use 0.1).
    /// </summary>
    public double Beta { get; init; } = 0.1;

    /// <summary>"dpo": −log σ(β·margin); "ipo": (margin − 1/(2β))², which stops pushing once the margin is reached.</summary>
    public string Loss { get; init; } = "dpo";

    /// <summary>Passes over the training pairs; max_steps = ceil(epochs × pairs / (batch × grad_accum)).</summary>
    public double Epochs { get; init; } = 1;

    /// <summary>Seed of the honesty pairs: which new names, which invented answers, which order.</summary>
    public int DataSeed { get; init; } = 7;

    /// <summary>New names (read nowhere) whose questions make the training pairs "I don't know." over an invented answer.</summary>
    public int TrainUnknownPeople { get; init; } = 32;

    /// <summary>New names for the validation pairs (the loss early stopping watches).</summary>
    public int ValidationUnknownPeople { get; init; } = 8;

    /// <summary>New names, none of them asked about in training, whose questions test for invented answers.</summary>
    public int TestUnknownPeople { get; init; } = 24;

    public const string DpoLoss = "dpo";

    public const string IpoLoss = "ipo";

    /// <summary>Optimizer steps for <see cref="Epochs"/> passes over <paramref name="pairs"/> pairs: the run's max_steps.</summary>
    public int StepsFor(int pairs, TrainConfig train) =>
        Math.Max(1, (int)Math.Ceiling(Epochs * pairs / (train.BatchSize * train.GradAccum)));

    public DpoConfig Validate()
    {
        Require(Beta > 0 && double.IsFinite(Beta), $"beta={Beta} must be positive (0 would make every pair's loss ln 2, with nothing to learn)");
        Require(Loss is DpoLoss or IpoLoss, $"loss='{Loss}' must be {DpoLoss} or {IpoLoss}");
        Require(Epochs is > 0 and <= 100, $"epochs={Epochs} must be in (0, 100]");
        Require(TrainUnknownPeople > 0 && ValidationUnknownPeople > 0 && TestUnknownPeople > 0,
            $"train_unknown_people={TrainUnknownPeople}, validation_unknown_people={ValidationUnknownPeople}, test_unknown_people={TestUnknownPeople} must be positive");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid dpo config: {problem}; fix it in --config or the matching flag");
    }
}
