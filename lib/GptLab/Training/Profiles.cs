using GptLab.Model;

namespace GptLab.Training;

/// <summary>
/// The presets behind <c>--profile</c>. They are data: add one here and every verb accepts it.
/// </summary>
public static class Profiles
{
    /// <summary>Seconds: for CI and the test suite. Learns character frequencies and common pairs.</summary>
    public static readonly RunConfig Tiny = new()
    {
        Model = new GptConfig { BlockSize = 32, NLayer = 2, NHead = 2, NEmbd = 64, Dropout = 0.0 },
        Train = new TrainConfig
        {
            BatchSize = 16, MaxSteps = 150, LearningRate = 3e-3, MinLr = 3e-4, WarmupSteps = 10,
            EvalInterval = 50, EvalIters = 10, LogInterval = 10, CheckpointInterval = 150,
        },
    };

    /// <summary>Minutes on a 2-core laptop: nanoGPT's CPU "baby GPT" for Shakespeare characters.</summary>
    public static readonly RunConfig Cpu = new()
    {
        Model = new GptConfig { BlockSize = 64, NLayer = 4, NHead = 4, NEmbd = 128, Dropout = 0.0 },
        Train = new TrainConfig
        {
            BatchSize = 12, MaxSteps = 2500, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 100,
            EvalInterval = 250, EvalIters = 20, LogInterval = 10, CheckpointInterval = 500,
        },
    };

    /// <summary>One GPU: nanoGPT's shakespeare-char model (6 layers, 6 heads, 384 wide, context 256, batch 64).</summary>
    public static readonly RunConfig Gpu = new()
    {
        Model = new GptConfig { BlockSize = 256, NLayer = 6, NHead = 6, NEmbd = 384, Dropout = 0.2 },
        Train = new TrainConfig
        {
            BatchSize = 64, MaxSteps = 5000, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 100,
            EvalInterval = 250, EvalIters = 200, LogInterval = 10, CheckpointInterval = 1000, Dtype = "bfloat16",
        },
    };

    public static IReadOnlyDictionary<string, RunConfig> All { get; } = new Dictionary<string, RunConfig>
    {
        ["tiny"] = Tiny,
        ["cpu"] = Cpu,
        ["gpu"] = Gpu,
    };

    /// <summary>The preset called <paramref name="name"/>; an unknown name lists the known ones.</summary>
    public static RunConfig Get(string name) =>
        All.TryGetValue(name.Trim().ToLowerInvariant(), out var config)
            ? config
            : throw new GptLabException($"unknown profile '{name}': use one of {string.Join(", ", All.Keys)}");
}
