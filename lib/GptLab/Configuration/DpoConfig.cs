namespace GptLab.Configuration;

/// <summary>
/// What direct preference optimisation (DPO, Rafailov et al. 2023) trains on and how: the strength β of the implicit
/// KL constraint to the reference (the SFT model), the loss (DPO's logistic loss, or IPO's squared one, Azar et al.
/// 2023), the passes over the pairs, and the pairs: the honesty pairs (<see cref="HonestyPairsConfig"/>), or pairs mined
/// from the SFT model's own answers to arithmetic past its operands, a right one over a wrong one as the checker judges
/// them (on-policy correctness pairs). Stored in the run's config.json.
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

    /// <summary>
    /// α: the weight of the chosen answer's negative log-likelihood per token added to each pair's loss (DPO+NLL, Pang et
    /// al. 2024, who used 1); 0, the default, is DPO or IPO alone. Without it the loss can widen the margin by lowering
    /// both answers' likelihoods.
    /// </summary>
    public double Nll { get; init; }

    /// <summary>Passes over the training pairs; max_steps = ceil(epochs × pairs / (batch × grad_accum)).</summary>
    public double Epochs { get; init; } = 1;

    /// <summary>
    /// Which pairs: "honesty" (<see cref="Pairs"/>, built from the course world) or "arithmetic" (mined: the SFT model
    /// answers each question of <see cref="Arithmetic"/> <see cref="Samples"/> times, and in a question it answers both
    /// right and wrong each wrong answer makes a pair with a right one).
    /// </summary>
    public string Task { get; init; } = HonestyTask;

    public const string HonestyTask = "honesty";

    public const string ArithmeticTask = "arithmetic";

    /// <summary>The honesty pairs: how many new people each split asks about, and their seed.</summary>
    public HonestyPairsConfig Pairs { get; init; } = new();

    /// <summary>The arithmetic questions task "arithmetic" mines pairs from (training and validation) and tests on: the same as <c>gptlab rl</c>'s with the same settings.</summary>
    public ArithmeticQuestionsConfig Arithmetic { get; init; } = new();

    /// <summary>
    /// Answers sampled (at temperature 1, the model's own distribution) per question when mining pairs. 16: chosen on the
    /// validation questions' greedy answers against 8, with which fewer questions are answered right at least once.
    /// </summary>
    public int Samples { get; init; } = 16;

    /// <summary>Most tokens a mined answer may take, its end token included; an answer cut off is wrong.</summary>
    public int MaxNewTokens { get; init; } = 8;

    public const string DpoLoss = "dpo";

    public const string IpoLoss = "ipo";

    public DpoConfig Validate()
    {
        Require(Beta > 0 && double.IsFinite(Beta), $"beta={Beta} must be positive (0 would make every pair's loss ln 2, with nothing to learn)");
        Require(Nll is >= 0 and <= 100, $"nll={Nll} must be from 0 (none) to 100");
        Require(Loss is DpoLoss or IpoLoss, $"loss='{Loss}' must be {DpoLoss} or {IpoLoss}");
        Require(Epochs is > 0 and <= 100, $"epochs={Epochs} must be in (0, 100]");
        Require(Task is HonestyTask or ArithmeticTask, $"task='{Task}' must be {HonestyTask} or {ArithmeticTask}");
        Require(Samples is >= 2 and <= 256, $"samples={Samples} must be from 2 to 256 (a pair needs a right and a wrong answer to one question)");
        Require(MaxNewTokens is >= 1 and <= 256, $"max_new_tokens={MaxNewTokens} must be from 1 to 256");
        if (Task == HonestyTask) Pairs.Validate("dpo");
        else Arithmetic.Validate("dpo");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid dpo config: {problem}; fix it in --config or the matching flag");
    }
}
