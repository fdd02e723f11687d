using GptLab.Chat;
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

    /// <summary>The chat path's corpus: invented facts that fine-tuning asks about, then TinyStories (validation: its end).</summary>
    public const string ChatCorpus = "data/synthetic/facts.txt;data/tinystories/stories.txt";

    /// <summary>
    /// Seconds: the chat path's base model for CI (BPE, stories and facts). A 2,048-token vocabulary keeps common words
    /// whole, and 600 steps give their embeddings meaning: with 512 tokens or 150 steps notebook 05 measured no gain
    /// from pretraining on words the classifier never saw labelled.
    /// </summary>
    public static readonly RunConfig ChatTiny = Tiny with
    {
        Model = Tiny.Model with { BlockSize = 64 },
        Train = Tiny.Train with
        {
            Data = ChatCorpus, Tokenizer = "bpe", BpeVocabSize = 2048, SpecialTokens = ChatTemplate.SpecialTokens,
            MaxSteps = 600, EvalInterval = 100, CheckpointInterval = 300,
        },
    };

    /// <summary>Minutes on a 2-core laptop: an English base model for supervised fine-tuning (BPE, context 128).</summary>
    public static readonly RunConfig ChatCpu = new()
    {
        Model = new GptConfig { BlockSize = 128, NLayer = 4, NHead = 4, NEmbd = 128, Dropout = 0.0 },
        Train = new TrainConfig
        {
            Data = ChatCorpus, Tokenizer = "bpe", BpeVocabSize = 2048, SpecialTokens = ChatTemplate.SpecialTokens,
            BatchSize = 16, MaxSteps = 1300, LearningRate = 2e-3, MinLr = 2e-4, WarmupSteps = 100,
            EvalInterval = 250, EvalIters = 20, LogInterval = 10, CheckpointInterval = 500,
        },
    };

    /// <summary>One GPU: a 6-layer, 384-wide TinyStories model with a 4096-token BPE and context 256.</summary>
    public static readonly RunConfig ChatGpu = new()
    {
        Model = new GptConfig { BlockSize = 256, NLayer = 6, NHead = 6, NEmbd = 384, Dropout = 0.1 },
        Train = new TrainConfig
        {
            Data = ChatCorpus, Tokenizer = "bpe", BpeVocabSize = 4096, SpecialTokens = ChatTemplate.SpecialTokens,
            BatchSize = 64, MaxSteps = 5000, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 200,
            EvalInterval = 250, EvalIters = 100, LogInterval = 10, CheckpointInterval = 1000, Dtype = "bfloat16",
        },
    };

    public static IReadOnlyDictionary<string, RunConfig> All { get; } = new Dictionary<string, RunConfig>
    {
        ["tiny"] = Tiny,
        ["cpu"] = Cpu,
        ["gpu"] = Gpu,
        ["chat-tiny"] = ChatTiny,
        ["chat-cpu"] = ChatCpu,
        ["chat-gpu"] = ChatGpu,
    };

    /// <summary>The preset called <paramref name="name"/>; an unknown name lists the known ones.</summary>
    public static RunConfig Get(string name) =>
        All.TryGetValue(name.Trim().ToLowerInvariant(), out var config)
            ? config
            : throw new GptLabException($"unknown profile '{name}': use one of {string.Join(", ", All.Keys)}");
}
