using System.Text.Json.Serialization;

namespace GptLab.Configuration;

/// <summary>
/// How to train (nanoGPT's train.py globals): the "train" section of a run's config. Defaults are the cpu profile;
/// <see cref="Presets"/> holds the presets of every stage.
/// Steps count optimizer updates; one step sees batch_size × grad_accum × block_size tokens.
/// </summary>
public sealed record TrainConfig
{
    public int BatchSize { get; init; } = 12;

    /// <summary>Micro-batches whose gradients add up to one update (a larger effective batch on small memory).</summary>
    public int GradAccum { get; init; } = 1;

    public int MaxSteps { get; init; } = 2000;

    /// <summary>Peak learning rate, reached after the warmup.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Floor of the cosine decay (nanoGPT: learning_rate / 10).</summary>
    public double MinLr { get; init; } = 1e-4;

    public int WarmupSteps { get; init; } = 100;

    /// <summary>Step at which the cosine reaches <see cref="MinLr"/>; 0 means <see cref="MaxSteps"/>.</summary>
    public int LrDecaySteps { get; init; }

    /// <summary>AdamW weight decay, applied to 2-D weights only (not biases or LayerNorm gains).</summary>
    public double WeightDecay { get; init; } = 0.1;

    public double Beta1 { get; init; } = 0.9;

    /// <summary>0.99 rather than 0.999: tiny batches make the second moment noisy (nanoGPT's char setting).</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>Clip the global gradient norm to this; 0 turns clipping off.</summary>
    public double GradClip { get; init; } = 1.0;

    /// <summary>Estimate train/val loss every this many steps (and at the last step).</summary>
    public int EvalInterval { get; init; } = 250;

    /// <summary>Batches averaged per loss estimate.</summary>
    public int EvalIters { get; init; } = 20;

    /// <summary>Write a metrics line every this many steps.</summary>
    public int LogInterval { get; init; } = 10;

    /// <summary>Stop when this many evaluations in a row bring no new best validation loss (early stopping); 0 = off.</summary>
    public int EarlyStopPatience { get; init; }

    /// <summary>Save a checkpoint every this many steps (and at the end, and on Ctrl+C).</summary>
    public int CheckpointInterval { get; init; } = 500;

    public long Seed { get; init; } = 1337;

    /// <summary>CPU threads for libtorch; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Tune with low-rank adapters of this rank (LoRA) on every attention and MLP projection, the starting model's weights
    /// frozen; 0 = every weight trains. Fine-tuning, DPO and RL take it; the run's model section records the adapters too.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int LoraRank { get; init; }

    /// <summary>LoRA's alpha: the adapters' output is scaled by alpha / rank; 0 = twice the rank.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double LoraAlpha { get; init; }

    /// <summary>
    /// Keep only each transformer block's input during a training step and compute the block again in the backward pass
    /// (activation recomputation): one block's activations in memory instead of every block's, for about a third more
    /// compute. The weights it trains are the same (a test checks the gradients).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Recompute { get; init; }

    /// <summary>This config with peak learning rate <paramref name="lr"/>, or unchanged when null; the floor follows at lr / 10 (nanoGPT).</summary>
    public TrainConfig WithLearningRate(double? lr) => lr is { } rate ? this with { LearningRate = rate, MinLr = rate / 10 } : this;

    [JsonIgnore]
    public int DecaySteps => LrDecaySteps > 0 ? LrDecaySteps : MaxSteps;

    /// <summary>Throws <see cref="GptLabException"/> naming the first bad value.</summary>
    /// <summary>Optimizer steps for <paramref name="epochs"/> passes over <paramref name="examples"/> examples (conversations, pairs): a fine-tuning's max_steps.</summary>
    public int StepsFor(double epochs, int examples) => Math.Max(1, (int)Math.Ceiling(epochs * examples / (BatchSize * GradAccum)));

    public TrainConfig Validate()
    {
        Require(BatchSize > 0, $"batch_size={BatchSize} must be positive");
        Require(GradAccum > 0, $"grad_accum={GradAccum} must be positive");
        Require(MaxSteps > 0, $"max_steps={MaxSteps} must be positive");
        Require(LearningRate is > 0 and < 10 && double.IsFinite(LearningRate), $"learning_rate={LearningRate} must be in (0, 10)");
        Require(MinLr >= 0 && MinLr <= LearningRate, $"min_lr={MinLr} must be between 0 and learning_rate={LearningRate}");
        Require(WarmupSteps >= 0, $"warmup_steps={WarmupSteps} must not be negative");
        Require(WeightDecay >= 0, $"weight_decay={WeightDecay} must not be negative");
        Require(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, $"beta1={Beta1}, beta2={Beta2} must be in [0, 1)");
        Require(GradClip >= 0, $"grad_clip={GradClip} must not be negative (0 = off)");
        Require(EvalInterval > 0 && EvalIters > 0 && LogInterval > 0 && CheckpointInterval > 0,
            $"eval_interval={EvalInterval}, eval_iters={EvalIters}, log_interval={LogInterval}, checkpoint_interval={CheckpointInterval} must be positive");
        Require(EarlyStopPatience >= 0, $"early_stop_patience={EarlyStopPatience} must not be negative (0 = off)");
        Require(Threads >= 0, $"threads={Threads} must not be negative (0 = all cores)");
        Require(LoraRank >= 0, $"lora_rank={LoraRank} must not be negative (0 = every weight trains)");
        Require(LoraAlpha >= 0 && double.IsFinite(LoraAlpha), $"lora_alpha={LoraAlpha} must not be negative (0 = twice the rank)");
        // More threads than processors only makes libtorch's threads take turns (--threads 1000 on 2 cores: 140× slower).
        Require(Threads <= Environment.ProcessorCount, $"threads={Threads} is more than this machine's {Environment.ProcessorCount} processors: use 0 (all cores) or at most {Environment.ProcessorCount}");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid training config: {problem}; fix it in --config or the matching flag");
    }
}
