namespace GptLab.Training;

/// <summary>
/// The presets of <c>gptlab sft --profile</c>: training settings and data sizes for supervised fine-tuning. The model
/// shape comes from the base checkpoint; max_steps follows from the epochs. "chat-cpu" and "cpu" name the same preset.
/// </summary>
public static class SftProfiles
{
    /// <summary>Seconds: CI and tests.</summary>
    public static readonly RunConfig Tiny = new()
    {
        Stage = "sft",
        Train = new TrainConfig
        {
            BatchSize = 16, LearningRate = 2e-3, MinLr = 2e-4, WarmupSteps = 10, WeightDecay = 0.0,
            EvalInterval = 50, EvalIters = 4, LogInterval = 10, CheckpointInterval = 10_000, EarlyStopPatience = 3,
        },
        Sft = new SftConfig { Epochs = 2, TrainPerFamily = 200, ValidationPerFamily = 10, TestPerFamily = 20 },
    };

    /// <summary>Minutes on a 2-core laptop, on the chat-cpu base model.</summary>
    public static readonly RunConfig Cpu = new()
    {
        Stage = "sft",
        Train = new TrainConfig
        {
            BatchSize = 16, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 30, WeightDecay = 0.0,
            EvalInterval = 100, EvalIters = 10, LogInterval = 10, CheckpointInterval = 10_000, EarlyStopPatience = 4,
        },
        Sft = new SftConfig { Epochs = 3, TrainPerFamily = 600, ValidationPerFamily = 30, TestPerFamily = 50 },
    };

    /// <summary>One GPU, on the chat-gpu base model: more data, Dolly's human-written pairs included.</summary>
    public static readonly RunConfig Gpu = new()
    {
        Stage = "sft",
        Train = new TrainConfig
        {
            BatchSize = 32, LearningRate = 3e-4, MinLr = 3e-5, WarmupSteps = 50, WeightDecay = 0.0,
            EvalInterval = 200, EvalIters = 20, LogInterval = 10, CheckpointInterval = 10_000, EarlyStopPatience = 4, Dtype = "bfloat16",
        },
        Sft = new SftConfig { Epochs = 3, TrainPerFamily = 2000, ValidationPerFamily = 50, TestPerFamily = 100, Dolly = true },
    };

    public static IReadOnlyDictionary<string, RunConfig> All { get; } = new Dictionary<string, RunConfig>
    {
        ["tiny"] = Tiny,
        ["cpu"] = Cpu,
        ["gpu"] = Gpu,
    };

    /// <summary>The preset for <paramref name="name"/> ("cpu" or the base profile's name "chat-cpu"); unknown names list the known ones.</summary>
    public static RunConfig Get(string name)
    {
        var key = name.Trim().ToLowerInvariant();
        if (key.StartsWith("chat-", StringComparison.Ordinal)) key = key["chat-".Length..];
        return All.TryGetValue(key, out var config)
            ? config
            : throw new GptLabException($"unknown sft profile '{name}': use one of {string.Join(", ", All.Keys)}");
    }
}
