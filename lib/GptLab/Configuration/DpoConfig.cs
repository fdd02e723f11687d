namespace GptLab.Configuration;

/// <summary>
/// What direct preference optimisation (DPO, Rafailov et al. 2023) trains on and how: the strength β of the implicit
/// KL constraint to the reference (the SFT model), the loss (DPO's logistic loss, or IPO's squared one, Azar et al.
/// 2023), the passes over the pairs, and the honesty pairs (<see cref="HonestyPairsConfig"/>). Stored in the run's config.json.
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

    /// <summary>The honesty pairs: how many new people each split asks about, and their seed.</summary>
    public HonestyPairsConfig Pairs { get; init; } = new();

    public const string DpoLoss = "dpo";

    public const string IpoLoss = "ipo";

    public DpoConfig Validate()
    {
        Require(Beta > 0 && double.IsFinite(Beta), $"beta={Beta} must be positive (0 would make every pair's loss ln 2, with nothing to learn)");
        Require(Loss is DpoLoss or IpoLoss, $"loss='{Loss}' must be {DpoLoss} or {IpoLoss}");
        Require(Epochs is > 0 and <= 100, $"epochs={Epochs} must be in (0, 100]");
        Pairs.Validate("dpo");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid dpo config: {problem}; fix it in --config or the matching flag");
    }
}
