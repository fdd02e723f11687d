namespace GptLab.Configuration;

/// <summary>
/// The command line's flags as data: each one set (non-null) replaces one setting of the preset and the <c>--config</c>
/// file. <see cref="ConfigResolver"/> applies them, with the rules some flags carry (a learning rate sets its floor at a
/// tenth; a classifier's step count scales its warmup and intervals), so no verb applies a setting itself.
/// </summary>
public sealed record SettingOverrides
{
    // model
    public int? BlockSize { get; init; }
    public int? NLayer { get; init; }
    public int? NHead { get; init; }
    public int? NEmbd { get; init; }
    public double? Dropout { get; init; }

    // data
    public string? Corpus { get; init; }
    public string? Tokenizer { get; init; }
    public int? BpeVocabSize { get; init; }

    // train
    public int? MaxSteps { get; init; }
    public int? BatchSize { get; init; }
    public int? GradAccum { get; init; }
    public double? LearningRate { get; init; }
    public int? EvalInterval { get; init; }
    public int? CheckpointInterval { get; init; }
    public long? Seed { get; init; }
    public int? Threads { get; init; }
    public string? Dtype { get; init; }

    // sft
    public string? LossOn { get; init; }
    public double? Epochs { get; init; }
    public int? DataSeed { get; init; }
    public bool? Dolly { get; init; }
    public int? Replay { get; init; }

    // sft, dpo and rl
    public int? LoraRank { get; init; }

    // dpo and reward (with Epochs and DataSeed above); rl (with Beta)
    public double? Beta { get; init; }
    public string? PreferenceLoss { get; init; }
    public int? Group { get; init; }
    public string? Rewards { get; init; }
    public string? RewardModel { get; init; }
    public int? MaxNewTokens { get; init; }

    // classify, and the questions of rl and dpo
    public string? Task { get; init; }
    public bool? HeadOnly { get; init; }
    public bool? FromScratch { get; init; }

    /// <summary><paramref name="config"/> with every flag that is set applied.</summary>
    public RunConfig ApplyTo(RunConfig config)
    {
        var (m, d, t) = (config.Model, config.Data, config.Train);
        if (config.Stage == Stage.Classifier && MaxSteps is { } steps)
            // A classifier's run is short: its warmup and intervals follow its length (a tenth and a sixth of the default 150).
            t = t with { WarmupSteps = Math.Min(15, steps / 10), EvalInterval = Math.Min(25, steps), LogInterval = Math.Min(25, steps), CheckpointInterval = steps };
        return config with
        {
            Model = m with
            {
                BlockSize = BlockSize ?? m.BlockSize, NLayer = NLayer ?? m.NLayer, NHead = NHead ?? m.NHead, NEmbd = NEmbd ?? m.NEmbd, Dropout = Dropout ?? m.Dropout,
            },
            Data = d with { Corpus = Corpus ?? d.Corpus, Tokenizer = Tokenizer ?? d.Tokenizer, BpeVocabSize = BpeVocabSize ?? d.BpeVocabSize },
            Train = t.WithLearningRate(LearningRate) with
            {
                MaxSteps = MaxSteps ?? t.MaxSteps, BatchSize = BatchSize ?? t.BatchSize, GradAccum = GradAccum ?? t.GradAccum,
                EvalInterval = EvalInterval ?? t.EvalInterval, CheckpointInterval = CheckpointInterval ?? t.CheckpointInterval,
                Seed = Seed ?? t.Seed, Threads = Threads ?? t.Threads, LoraRank = LoraRank ?? t.LoraRank,
            },
            Dtype = Dtype ?? config.Dtype,
            Sft = config.Sft is not { } sft ? null : sft with
            {
                LossOn = LossOn ?? sft.LossOn, Epochs = Epochs ?? sft.Epochs, DataSeed = DataSeed ?? sft.DataSeed, Dolly = Dolly ?? sft.Dolly, Replay = Replay ?? sft.Replay,
            },
            Dpo = config.Dpo is not { } dpo ? null : dpo with
            {
                Beta = Beta ?? dpo.Beta, Loss = PreferenceLoss ?? dpo.Loss, Epochs = Epochs ?? dpo.Epochs, Task = Task ?? dpo.Task, MaxNewTokens = MaxNewTokens ?? dpo.MaxNewTokens,
                Pairs = dpo.Pairs with { DataSeed = DataSeed ?? dpo.Pairs.DataSeed }, Arithmetic = dpo.Arithmetic with { DataSeed = DataSeed ?? dpo.Arithmetic.DataSeed },
            },
            Reward = config.Reward is not { } reward ? null : reward with
            {
                Epochs = Epochs ?? reward.Epochs, Pairs = reward.Pairs with { DataSeed = DataSeed ?? reward.Pairs.DataSeed },
            },
            Rl = config.Rl is not { } rl ? null : rl with
            {
                Beta = Beta ?? rl.Beta, Arithmetic = rl.Arithmetic with { DataSeed = DataSeed ?? rl.Arithmetic.DataSeed }, Group = Group ?? rl.Group, Rewards = Rewards ?? rl.Rewards, RewardModel = RewardModel ?? rl.RewardModel, Task = Task ?? rl.Task,
                MaxNewTokens = MaxNewTokens ?? rl.MaxNewTokens,
                Pairs = rl.Pairs with { DataSeed = DataSeed ?? rl.Pairs.DataSeed },
            },
            Classify = config.Classify is not { } c ? null : c with
            {
                Task = Task ?? c.Task, HeadOnly = HeadOnly ?? c.HeadOnly, FromScratch = FromScratch ?? c.FromScratch,
                HeadLearningRate = LearningRate ?? c.HeadLearningRate,
            },
        };
    }
}
