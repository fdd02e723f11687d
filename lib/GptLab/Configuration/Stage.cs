namespace GptLab.Configuration;

/// <summary>
/// The stages a run can be, as written in its config ("stage") and as <see cref="Presets"/> are keyed: pretraining makes
/// a base model; the fine-tuning stages start from one and take its model shape and data settings.
/// </summary>
public static class Stage
{
    /// <summary>Generative pretraining (<c>gptlab pretrain</c>).</summary>
    public const string Base = "base";

    /// <summary>Supervised fine-tuning into a chat model (<c>gptlab sft</c>).</summary>
    public const string Sft = "sft";

    /// <summary>Discriminative fine-tuning with a classification head (<c>gptlab classify</c>).</summary>
    public const string Classifier = "classifier";

    /// <summary>Preference tuning of a chat model by direct preference optimisation (<c>gptlab dpo</c>).</summary>
    public const string Dpo = "dpo";

    /// <summary>A reward model: an SFT run with a scalar head, trained on comparisons (<c>gptlab reward</c>).</summary>
    public const string Reward = "reward";

    /// <summary>Reinforcement learning of a chat model from a checker's rewards (<c>gptlab rl</c>).</summary>
    public const string Rl = "rl";

    public static IReadOnlyList<string> All { get; } = [Base, Sft, Classifier, Dpo, Reward, Rl];

    /// <summary>
    /// The settings a resumed run of <paramref name="stage"/> may change, as dotted keys: pretraining its length, learning
    /// rate, intervals and threads; a fine-tuning none (its length follows from its data).
    /// </summary>
    public static IReadOnlySet<string> ChangeableOnResume(string stage) => stage == Base ? Pretraining : NoChanges;

    private static readonly HashSet<string> Pretraining =
        ["train.max_steps", "train.learning_rate", "train.min_lr", "train.eval_interval", "train.checkpoint_interval", "train.threads"];

    private static readonly HashSet<string> NoChanges = [];

    /// <summary>True for the stages whose model shape and data settings are their base run's, never their own.</summary>
    public static bool InheritsModel(string stage) => stage != Base;

    /// <summary>True for the stages that can tune LoRA adapters instead of every weight (train.lora_rank): sft, dpo, rl.</summary>
    public static bool TakesAdapters(string stage) => stage is Sft or Dpo or Rl;
}
