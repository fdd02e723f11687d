using System.ComponentModel;
using GptLab.Configuration;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>Options shared by the verbs that train: profile, config file, run name, device, and overrides.</summary>
public class RunSettings : CommandSettings
{
    [CommandOption("--profile <NAME>")]
    [Description("Preset: tiny (CI, seconds), cpu (2-core laptop, minutes), gpu (nanoGPT shakespeare-char); chat-tiny, chat-cpu, chat-gpu (TinyStories + facts, BPE: the base for sft). Default: cpu, or $GPTLAB_PROFILE")]
    public string? Profile { get; init; }

    [CommandOption("--config <FILE>")]
    [Description("JSON file with any subset of the keys --print-config shows ({model:{...}, data:{...}, train:{...}, dtype}); overrides the profile")]
    public string? Config { get; init; }

    [CommandOption("--name <NAME>")]
    [Description("Run folder under runs/ (or $GPTLAB_RUNS). Default: shakespeare-char, or chat-base for the chat profiles")]
    public string? RunName { get; init; }

    /// <summary>The run folder name in effect: --name, else the default of the profile's path.</summary>
    public string Name => RunName ?? (ProfileName.StartsWith("chat", StringComparison.OrdinalIgnoreCase) ? "chat-base" : "shakespeare-char");

    [CommandOption("--device <DEVICE>")]
    [Description("auto (default: CUDA when available), cpu or cuda")]
    public string? Device { get; init; }

    [CommandOption("--json")]
    [Description("Machine-readable output: one JSON line at the end")]
    public bool Json { get; init; }

    [CommandOption("--data <FILE>")] public string? Data { get; init; }
    [CommandOption("--tokenizer <KIND>")][Description("char, bpe or gpt2")] public string? Tokenizer { get; init; }
    [CommandOption("--bpe-vocab-size <N>")] public int? BpeVocabSize { get; init; }
    [CommandOption("--max-steps <N>")] public int? MaxSteps { get; init; }
    [CommandOption("--batch-size <N>")] public int? BatchSize { get; init; }
    [CommandOption("--grad-accum <N>")] public int? GradAccum { get; init; }
    [CommandOption("--lr <RATE>")] public double? LearningRate { get; init; }
    [CommandOption("--eval-interval <N>")] public int? EvalInterval { get; init; }
    [CommandOption("--checkpoint-interval <N>")] public int? CheckpointInterval { get; init; }
    [CommandOption("--seed <N>")] public long? Seed { get; init; }
    [CommandOption("--dtype <TYPE>")][Description("float32, or bfloat16 (bf16 matmuls, fp32 master weights)")] public string? Dtype { get; init; }
    [CommandOption("--threads <N>")][Description("CPU threads for libtorch (0 = all cores)")] public int? Threads { get; init; }
    [CommandOption("--block-size <N>")] public int? BlockSize { get; init; }
    [CommandOption("--n-layer <N>")] public int? NLayer { get; init; }
    [CommandOption("--n-head <N>")] public int? NHead { get; init; }
    [CommandOption("--n-embd <N>")] public int? NEmbd { get; init; }
    [CommandOption("--dropout <P>")] public double? Dropout { get; init; }

    /// <summary>The pretraining settings: profile, then --config, then these flags (<see cref="ConfigResolver"/>).</summary>
    public RunConfig Resolve() => ConfigResolver.Resolve(Stage.Base, Profile, Config, ApplyFlags);

    /// <summary>What a resumed run may change: how long it runs, its learning rate, how often it reports, its threads.</summary>
    public static IReadOnlySet<string> ChangeableOnResume { get; } = new HashSet<string>
    {
        "train.max_steps", "train.learning_rate", "train.min_lr", "train.eval_interval", "train.checkpoint_interval", "train.threads",
    };

    /// <summary>
    /// The settings of <c>--resume</c>: the checkpoint's, with --config and these flags applied where that is safe
    /// (<see cref="ChangeableOnResume"/>); any other difference is a one-line error naming the setting.
    /// </summary>
    public RunConfig ResolveResumed(RunConfig saved, out IReadOnlyList<string> changes) =>
        ConfigResolver.Resume(saved, Profile, Config, ApplyFlags, ChangeableOnResume, out changes);

    private RunConfig ApplyFlags(RunConfig c)
    {
        var (m, d, t) = (c.Model, c.Data, c.Train);
        return c with
        {
            Model = m with
            {
                BlockSize = BlockSize ?? m.BlockSize, NLayer = NLayer ?? m.NLayer, NHead = NHead ?? m.NHead,
                NEmbd = NEmbd ?? m.NEmbd, Dropout = Dropout ?? m.Dropout,
            },
            Data = d with { Corpus = Data ?? d.Corpus, Tokenizer = Tokenizer ?? d.Tokenizer, BpeVocabSize = BpeVocabSize ?? d.BpeVocabSize },
            Train = t.WithLearningRate(LearningRate) with
            {
                MaxSteps = MaxSteps ?? t.MaxSteps, BatchSize = BatchSize ?? t.BatchSize, GradAccum = GradAccum ?? t.GradAccum,
                EvalInterval = EvalInterval ?? t.EvalInterval,
                CheckpointInterval = CheckpointInterval ?? t.CheckpointInterval, Seed = Seed ?? t.Seed, Threads = Threads ?? t.Threads,
            },
            Dtype = Dtype ?? c.Dtype,
        };
    }

    /// <summary>The profile name in effect (for reports).</summary>
    public string ProfileName => ConfigResolver.ProfileName(Profile);
}
