namespace GptLab.Configuration;

/// <summary>
/// Reinforcement learning of a chat model (nanochat's chat_rl, DeepSeekMath's GRPO reduced to REINFORCE with a group
/// baseline): per prompt a group of sampled answers, each rewarded, by the task's checker (1 when it accepts the answer,
/// 0 otherwise) or by a learned reward model (RLHF); an answer's advantage is its reward less its group's mean. Stored
/// in the run's config.json.
/// </summary>
public sealed record RlConfig
{
    /// <summary>Answers sampled per prompt, G: the group whose mean reward is each answer's baseline.</summary>
    public int Group { get; init; } = 8;

    /// <summary>
    /// β of the KL penalty to the reference (the SFT model), per sampled token; 0 (nanochat's choice) leaves the policy free
    /// to drift as far as the rewards pull it.
    /// </summary>
    public double Beta { get; init; }

    /// <summary>
    /// The prompts: "arithmetic" (<c>ArithmeticBeyond</c>, the settings below) or "honesty" (the questions of the honesty
    /// pairs of <see cref="Pairs"/>: about known people, answered by the fact; about new ones, by "I don't know.").
    /// </summary>
    public string Task { get; init; } = ArithmeticTask;

    public const string ArithmeticTask = "arithmetic";

    public const string HonestyTask = "honesty";

    /// <summary>The honesty pairs whose questions task "honesty" asks; with rewards "model", the reward model's own (its held-out questions are then held out from both).</summary>
    public HonestyPairsConfig Pairs { get; init; } = new();

    /// <summary>The questions of task "arithmetic": sums and differences just past fine-tuning's operands, split by operand pair.</summary>
    public ArithmeticQuestionsConfig Arithmetic { get; init; } = new();

    /// <summary>Sampling temperature of the training answers (1: the policy's own distribution, as the gradient assumes).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Most tokens an answer may take, its end token included; an answer cut off is wrong.</summary>
    public int MaxNewTokens { get; init; } = 8;

    /// <summary>Answers sampled per held-out question to estimate pass@k for k up to this many.</summary>
    public int TestSamples { get; init; } = 16;

    /// <summary>
    /// "checker": the task's checker gives the rewards; "shuffled": the same rewards permuted across a step's answers (the
    /// null condition: reward unrelated to the answer); "model": the learned reward model of <see cref="RewardModel"/>
    /// scores each answer (RLHF; the checker then only measures).
    /// </summary>
    public string Rewards { get; init; } = CheckerRewards;

    public const string CheckerRewards = "checker";

    public const string ShuffledRewards = "shuffled";

    public const string ModelRewards = "model";

    /// <summary>The reward run (<c>gptlab reward</c>) whose model gives rewards "model": its folder, absolute once a run starts.</summary>
    public string? RewardModel { get; init; }

    public RlConfig Validate()
    {
        Require(Group is >= 2 and <= 256, $"group={Group} must be from 2 to 256 (with one answer per prompt the group's mean is that answer's reward: every advantage is 0)");
        Require(Beta >= 0 && double.IsFinite(Beta), $"beta={Beta} must be 0 (no KL penalty) or positive");
        Require(Temperature is > 0 and <= 2, $"temperature={Temperature} must be in (0, 2]");
        Require(MaxNewTokens is >= 1 and <= 256, $"max_new_tokens={MaxNewTokens} must be from 1 to 256");
        Require(TestSamples is >= 1 and <= 256, $"test_samples={TestSamples} must be from 1 to 256");
        Require(Task is ArithmeticTask or HonestyTask, $"task='{Task}' must be {ArithmeticTask} or {HonestyTask}");
        Require(Rewards is CheckerRewards or ShuffledRewards or ModelRewards, $"rewards='{Rewards}' must be {CheckerRewards}, {ShuffledRewards} or {ModelRewards}");
        Require((Rewards == ModelRewards) == !string.IsNullOrWhiteSpace(RewardModel),
            Rewards == ModelRewards ? "rewards=model needs reward_model, the reward run that scores the answers (--reward-model <run>)" : $"reward_model is only read with rewards=model, not {Rewards}");
        Require(Rewards != ModelRewards || Task == HonestyTask, $"rewards=model needs task=honesty: the reward model learned to rank answers to the honesty questions, not {Task}");
        if (Task == HonestyTask) Pairs.Validate("rl");
        else Arithmetic.Validate("rl");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid rl config: {problem}; fix it in --config or the matching flag");
    }
}
