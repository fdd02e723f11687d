using GptLab.Model;
using GptLab.Tokenization;

namespace GptLab.Configuration;

/// <summary>
/// The presets behind <c>--profile</c>, for every stage, in one table keyed by (stage, profile). They are data: add a
/// row here and the verb of that stage accepts it. <see cref="ConfigResolver"/> layers a <c>--config</c> file and flags
/// on top.
/// </summary>
public static class Presets
{
    /// <summary>The chat path's corpus: invented facts that fine-tuning asks about, then TinyStories (validation: its end).</summary>
    public const string ChatCorpus = "data/synthetic/facts.txt;data/tinystories/stories.txt";

    /// <summary>
    /// How many times chat-cpu's corpus holds the facts text. What the assistant can tell is bounded by what its base
    /// stores, and repetition is what the text lacked: on the validation split 5 copies answered more held-out facts than
    /// 3 (context 128), and 8 more than 5 at context 256 (docs/results/recipes/, docs/chat.md "How the recipe was found").
    /// </summary>
    public const int ChatCpuFactsCopies = 8;

    /// <summary>The chat corpus with the facts text <paramref name="copies"/> times before TinyStories.</summary>
    public static string ChatCorpusWithFacts(int copies) =>
        string.Concat(Enumerable.Repeat("data/synthetic/facts.txt;", copies)) + "data/tinystories/stories.txt";

    /// <summary>Seconds: for CI and the test suite. Learns character frequencies and common pairs.</summary>
    private static readonly RunConfig Tiny = new()
    {
        Model = new GptConfig { BlockSize = 32, NLayer = 2, NHead = 2, NEmbd = 64, Dropout = 0.0 },
        Train = new TrainConfig
        {
            BatchSize = 16, MaxSteps = 150, LearningRate = 3e-3, MinLr = 3e-4, WarmupSteps = 10,
            EvalInterval = 50, EvalIters = 10, LogInterval = 10, CheckpointInterval = 150,
        },
    };

    /// <summary>Minutes on a 2-core laptop: nanoGPT's CPU "baby GPT" for Shakespeare characters.</summary>
    private static readonly RunConfig Cpu = new()
    {
        Model = new GptConfig { BlockSize = 64, NLayer = 4, NHead = 4, NEmbd = 128, Dropout = 0.0 },
        Train = new TrainConfig
        {
            BatchSize = 12, MaxSteps = 2500, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 100,
            EvalInterval = 250, EvalIters = 20, LogInterval = 10, CheckpointInterval = 500,
        },
    };

    /// <summary>One GPU: nanoGPT's shakespeare-char model (6 layers, 6 heads, 384 wide, context 256, batch 64).</summary>
    private static readonly RunConfig Gpu = new()
    {
        Model = new GptConfig { BlockSize = 256, NLayer = 6, NHead = 6, NEmbd = 384, Dropout = 0.2 },
        Train = new TrainConfig
        {
            BatchSize = 64, MaxSteps = 5000, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 100,
            EvalInterval = 250, EvalIters = 200, LogInterval = 10, CheckpointInterval = 1000,
        },
        Dtype = Precision.BFloat16,
    };

    /// <summary>BPE with the chat tokens, on <see cref="ChatCorpus"/>.</summary>
    private static DataConfig ChatData(int vocabSize) =>
        new() { Corpus = ChatCorpus, Tokenizer = Tokenizers.Bpe, BpeVocabSize = vocabSize, SpecialTokens = SpecialTokens.Chat };

    /// <summary>
    /// Seconds: the chat path's base model for CI (BPE, stories and facts). A 2,048-token vocabulary keeps common words
    /// whole, and 600 steps give their embeddings meaning: with 512 tokens or 150 steps notebook 05 measured no gain
    /// from pretraining on words the classifier never saw labelled.
    /// </summary>
    private static readonly RunConfig ChatTiny = Tiny with
    {
        Model = Tiny.Model with { BlockSize = 64 },
        Data = ChatData(2048),
        Train = Tiny.Train with { MaxSteps = 600, EvalInterval = 100, CheckpointInterval = 300 },
    };

    /// <summary>
    /// Minutes on a 2-core laptop: an English base model for supervised fine-tuning (BPE, context 256) on the facts text
    /// <see cref="ChatCpuFactsCopies"/> times and TinyStories, mid-trained on 4,000 instruction conversations per family
    /// (docs/chat.md says why).
    /// </summary>
    private static readonly RunConfig ChatCpu = new()
    {
        // Context 256: a conversation of eight short exchanges between a fact and its question fits (the context
        // experiment records its longest); batches of 8 keep the 2,048 tokens a step that context 128 had with 16.
        Model = new GptConfig { BlockSize = 256, NLayer = 4, NHead = 4, NEmbd = 128, Dropout = 0.0 },
        Data = ChatData(2048) with
        {
            Corpus = ChatCorpusWithFacts(ChatCpuFactsCopies), Instructions = new InstructionMixConfig { PerFamily = 4000, HeldOutPerFamily = 80 },
        },
        Train = new TrainConfig
        {
            BatchSize = 8, MaxSteps = 1300, LearningRate = 4e-3, MinLr = 4e-4, WarmupSteps = 100,
            EvalInterval = 250, EvalIters = 20, LogInterval = 10, CheckpointInterval = 500,
        },
    };

    /// <summary>One GPU: a 6-layer, 384-wide TinyStories model with a 4096-token BPE and context 512 (batches of 32 keep the tokens a step of context 256 with 64).</summary>
    private static readonly RunConfig ChatGpu = new()
    {
        Model = new GptConfig { BlockSize = 512, NLayer = 6, NHead = 6, NEmbd = 384, Dropout = 0.1 },
        Data = ChatData(4096) with { Instructions = new InstructionMixConfig { PerFamily = 20000, HeldOutPerFamily = 120 } },
        Train = new TrainConfig
        {
            BatchSize = 32, MaxSteps = 5000, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 200,
            EvalInterval = 250, EvalIters = 100, LogInterval = 10, CheckpointInterval = 1000,
        },
        Dtype = Precision.BFloat16,
    };

    // Supervised fine-tuning: the model shape and data come from the base run; max_steps follows from the epochs.
    private static readonly RunConfig SftTiny = new()
    {
        Stage = Stage.Sft,
        Train = new TrainConfig
        {
            BatchSize = 16, LearningRate = 2e-3, MinLr = 2e-4, WarmupSteps = 10, WeightDecay = 0.0,
            EvalInterval = 50, EvalIters = 4, LogInterval = 10, CheckpointInterval = 10_000, EarlyStopPatience = 3,
        },
        Sft = new SftConfig { Epochs = 2, TrainPerFamily = 200, ValidationPerFamily = 10, TestPerFamily = 20 },
    };

    private static readonly RunConfig SftCpu = new()
    {
        Stage = Stage.Sft,
        Train = new TrainConfig
        {
            BatchSize = 16, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 30, WeightDecay = 0.0,
            EvalInterval = 100, EvalIters = 10, LogInterval = 10, CheckpointInterval = 10_000, EarlyStopPatience = 4,
        },
        // Many distinct conversations seen once rather than a few hundred seen many times; more for sums and capitals,
        // which take more; and windows of the base's own text replayed among the conversations, because so long a
        // fine-tuning otherwise forgets what pretraining stored (2,000 windows of 257 tokens: the 4,000 of 129 chosen at
        // context 128, the same text). docs/chat.md has the runs behind each choice.
        Sft = new SftConfig
        {
            Epochs = 1, TrainPerFamily = 6000, ValidationPerFamily = 30, TestPerFamily = 50,
            TrainByFamily = new Dictionary<string, int> { ["arithmetic"] = 30000, ["uppercase"] = 15000 }, Replay = 2000,
        },
    };

    /// <summary>More data, Dolly's human-written pairs included.</summary>
    private static readonly RunConfig SftGpu = new()
    {
        Stage = Stage.Sft,
        Train = new TrainConfig
        {
            BatchSize = 32, LearningRate = 3e-4, MinLr = 3e-5, WarmupSteps = 50, WeightDecay = 0.0,
            EvalInterval = 200, EvalIters = 20, LogInterval = 10, CheckpointInterval = 10_000, EarlyStopPatience = 4,
        },
        // 40 + 80 held out per family: the facts family has 240 facts and holds out at most half of them.
        Sft = new SftConfig { Epochs = 1, TrainPerFamily = 20000, ValidationPerFamily = 40, TestPerFamily = 80, Dolly = true },
        Dtype = Precision.BFloat16,
    };

    /// <summary>
    /// Discriminative fine-tuning (notebook 05's recipe): 150 steps of 16 texts, learning rate 1e-3 decaying to a tenth
    /// (1e-2 for a head alone), a test evaluation every 25 steps. The same on every machine: it runs in seconds.
    /// </summary>
    private static readonly RunConfig Classify = new()
    {
        Stage = Stage.Classifier,
        Train = new TrainConfig
        {
            MaxSteps = 150, BatchSize = 16, LearningRate = 1e-3, MinLr = 1e-4, WarmupSteps = 15,
            EvalInterval = 25, EvalIters = 10, LogInterval = 25, CheckpointInterval = 150,
        },
        Classify = new ClassifyConfig(),
    };

    // Preference tuning (DPO) of an SFT run: the model shape and data come from it; max_steps follows from the epochs.
    // A learning rate a tenth of SFT's: DPO moves a model that already answers, and β bounds how far.
    private static readonly RunConfig DpoCpu = new()
    {
        Stage = Stage.Dpo,
        Train = new TrainConfig
        {
            BatchSize = 16, LearningRate = 1e-4, MinLr = 1e-5, WarmupSteps = 5, WeightDecay = 0.0,
            EvalInterval = 10, EvalIters = 4, LogInterval = 5, CheckpointInterval = 10_000, EarlyStopPatience = 3,
        },
        Dpo = new DpoConfig(),
    };

    private static readonly HonestyPairsConfig TinyPairs = new() { TrainUnknownPeople = 8, ValidationUnknownPeople = 4, TestUnknownPeople = 8 };

    // Tiny: operands up to 25 (120 operand pairs, 90 of them for training) and 8 answers each when mining, so that a
    // tiny run's mined pairs take seconds.
    private static readonly ArithmeticQuestionsConfig TinyArithmetic = new() { LargestOperand = 25, ValidationPairs = 10, TestPairs = 20 };

    private static readonly RunConfig DpoTiny = DpoCpu with { Dpo = new DpoConfig { Pairs = TinyPairs, Arithmetic = TinyArithmetic, Samples = 8 } };

    // A reward model from an SFT run (InstructGPT's): the honesty pairs once, at a tenth of SFT's learning rate.
    private static readonly RunConfig RewardCpu = DpoCpu with { Stage = Stage.Reward, Dpo = null, Reward = new RewardConfig() };

    private static readonly RunConfig RewardTiny = RewardCpu with { Reward = new RewardConfig { Pairs = TinyPairs } };

    // Reinforcement learning of an SFT run against the arithmetic checker: 8 prompts a step, 8 answers each; a
    // constant learning rate a tenth of SFT's, as DPO's; no early stopping (rewards, not a validation loss, drive it).
    private static readonly RunConfig RlCpu = new()
    {
        Stage = Stage.Rl,
        Train = new TrainConfig
        {
            MaxSteps = 100, BatchSize = 8, LearningRate = 1e-4, MinLr = 1e-4, WarmupSteps = 0, WeightDecay = 0.0,
            EvalInterval = 10, EvalIters = 4, LogInterval = 5, CheckpointInterval = 10_000,
        },
        Rl = new RlConfig(),
    };

    // Tiny: fewer steps, held-out pairs, honesty people and test samples (the tiny assistant can barely add past 20: its runs check the mechanics).
    private static readonly RunConfig RlTiny = RlCpu with { Train = RlCpu.Train with { MaxSteps = 10, EvalInterval = 5 }, Rl = new RlConfig { Arithmetic = TinyArithmetic, TestSamples = 8, Pairs = TinyPairs } };

    /// <summary>Sequences per step of a lab model, in every profile: tokens seen = steps × this × block size.</summary>
    public const int LabBatchSize = 16;

    /// <summary>
    /// The recipe of the lab's character models (notebooks 07 and 08): a model of <paramref name="shape"/> trained for
    /// <paramref name="steps"/> updates on <paramref name="corpus"/>, whose last <paramref name="valFraction"/> is its
    /// validation text; warmup a tenth of the run (at most 100 steps), an evaluation every <paramref name="evalInterval"/>
    /// steps (0: at the end only), one checkpoint at the end.
    /// </summary>
    public static RunConfig Lab(GptConfig shape, string corpus, double valFraction, int steps, double learningRate, int evalInterval, long seed)
    {
        PresetReads.Note("lab", "recipe", LabRecipe);
        return LabRun(shape, corpus, valFraction, steps, learningRate, evalInterval, seed);
    }

    /// <summary>
    /// The lab recipe at fixed arguments: what stands for its own settings (batch, warmup rule, evaluation and logging) in
    /// a result's presets, as "lab/recipe". The arguments are the experiments' code, which the result's commit names.
    /// </summary>
    internal static readonly RunConfig LabRecipe = LabRun(new GptConfig(), "", 0.1, 1000, 1e-3, 0, 0);

    private static RunConfig LabRun(GptConfig shape, string corpus, double valFraction, int steps, double learningRate, int evalInterval, long seed) => new()
    {
        Model = shape,
        Data = new DataConfig { Corpus = corpus, Tokenizer = Tokenizers.Char, ValFraction = valFraction },
        Train = new TrainConfig
        {
            BatchSize = LabBatchSize, MaxSteps = steps, WarmupSteps = Math.Min(100, steps / 10), EvalInterval = evalInterval > 0 ? evalInterval : steps,
            EvalIters = 10, LogInterval = 50, CheckpointInterval = steps, Seed = seed,
        }.WithLearningRate(learningRate),
    };

    private static readonly Dictionary<(string Stage, string Profile), RunConfig> Table = new()
    {
        [(Stage.Base, "tiny")] = Tiny,
        [(Stage.Base, "cpu")] = Cpu,
        [(Stage.Base, "gpu")] = Gpu,
        [(Stage.Base, "chat-tiny")] = ChatTiny,
        [(Stage.Base, "chat-cpu")] = ChatCpu,
        [(Stage.Base, "chat-gpu")] = ChatGpu,
        [(Stage.Sft, "tiny")] = SftTiny,
        [(Stage.Sft, "cpu")] = SftCpu,
        [(Stage.Sft, "gpu")] = SftGpu,
        [(Stage.Dpo, "tiny")] = DpoTiny,
        [(Stage.Dpo, "cpu")] = DpoCpu,
        [(Stage.Dpo, "gpu")] = DpoCpu with { Dtype = Precision.BFloat16 },
        [(Stage.Reward, "tiny")] = RewardTiny,
        [(Stage.Reward, "cpu")] = RewardCpu,
        [(Stage.Reward, "gpu")] = RewardCpu with { Dtype = Precision.BFloat16 },
        [(Stage.Rl, "tiny")] = RlTiny,
        [(Stage.Rl, "cpu")] = RlCpu,
        [(Stage.Rl, "gpu")] = RlCpu with { Dtype = Precision.BFloat16 },
        [(Stage.Classifier, "tiny")] = Classify,
        [(Stage.Classifier, "cpu")] = Classify,
        [(Stage.Classifier, "gpu")] = Classify with { Dtype = Precision.BFloat16 },
    };

    /// <summary>The profile names <paramref name="stage"/> knows.</summary>
    public static IReadOnlyList<string> Profiles(string stage) => [.. Table.Keys.Where(k => k.Stage == stage).Select(k => k.Profile)];

    /// <summary>
    /// The preset of <paramref name="stage"/> called <paramref name="profile"/>. A fine-tuning stage also accepts the name
    /// of its base's profile ("chat-cpu" means "cpu"). An unknown name lists the known ones.
    /// </summary>
    public static RunConfig For(string stage, string profile)
    {
        var key = profile.Trim().ToLowerInvariant();
        if (Stage.InheritsModel(stage) && key.StartsWith("chat-", StringComparison.Ordinal) && !Table.ContainsKey((stage, key)))
            key = key["chat-".Length..];
        if (Table.TryGetValue((stage, key), out var config))
        {
            PresetReads.Note(stage, key, config); // an experiment's result names the presets it read
            return config;
        }
        if (!Stage.All.Contains(stage)) throw new GptLabException($"unknown stage '{stage}': use one of {string.Join(", ", Stage.All)}");
        throw new GptLabException($"unknown {(stage == Stage.Base ? "" : stage + " ")}profile '{profile}': use one of {string.Join(", ", Profiles(stage))}");
    }
}
