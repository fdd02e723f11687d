using System.ComponentModel;
using GptLab.Configuration;
using GptLab.Model;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>Options shared by the verbs that pretrain (prepare, pretrain, bench): profile, config file, run name, device, and overrides.</summary>
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

    [CommandOption("--data <FILE>")][Description("Text file to pretrain on, or several joined with ';' (validation is the end of the joined text)")] public string? Data { get; init; }
    [CommandOption("--tokenizer <KIND>")][Description("char, bpe or gpt2")] public string? Tokenizer { get; init; }
    [CommandOption("--bpe-vocab-size <N>")][Description("Vocabulary size of a bpe tokenizer trained on the corpus")] public int? BpeVocabSize { get; init; }
    [CommandOption("--max-steps <N>")][Description("Optimizer updates to train for (a resumed run may extend it)")] public int? MaxSteps { get; init; }
    [CommandOption("--batch-size <N>")][Description("Sequences per micro-batch")] public int? BatchSize { get; init; }
    [CommandOption("--grad-accum <N>")][Description("Micro-batches whose gradients add up to one update")] public int? GradAccum { get; init; }
    [CommandOption("--lr <RATE>")][Description("Peak learning rate (the cosine decays to a tenth of it)")] public double? LearningRate { get; init; }
    [CommandOption("--eval-interval <N>")][Description("Estimate train and validation loss every N steps")] public int? EvalInterval { get; init; }
    [CommandOption("--checkpoint-interval <N>")][Description("Save a checkpoint every N steps (and at the end, and on Ctrl+C)")] public int? CheckpointInterval { get; init; }
    [CommandOption("--seed <N>")][Description("Seed of the weights, the batches and dropout")] public long? Seed { get; init; }
    [CommandOption("--dtype <TYPE>")][Description(Precision.OptionHelp)] public string? Dtype { get; init; }
    [CommandOption("--threads <N>")][Description("CPU threads for libtorch (0 = all cores)")] public int? Threads { get; init; }
    [CommandOption("--block-size <N>")][Description("Context length in tokens")] public int? BlockSize { get; init; }
    [CommandOption("--n-layer <N>")][Description("Transformer blocks")] public int? NLayer { get; init; }
    [CommandOption("--n-head <N>")][Description("Attention heads per block")] public int? NHead { get; init; }
    [CommandOption("--n-embd <N>")][Description("Width of the residual stream (a multiple of --n-head)")] public int? NEmbd { get; init; }
    [CommandOption("--dropout <P>")][Description("Dropout probability while training (0 = none)")] public double? Dropout { get; init; }

    /// <summary>What these options ask for: the pretraining stage's settings request, flags as data.</summary>
    public SettingsRequest Request => new()
    {
        Stage = Stage.Base, Profile = Profile, ConfigFile = Config,
        Flags = new SettingOverrides
        {
            BlockSize = BlockSize, NLayer = NLayer, NHead = NHead, NEmbd = NEmbd, Dropout = Dropout,
            Corpus = Data, Tokenizer = Tokenizer, BpeVocabSize = BpeVocabSize,
            MaxSteps = MaxSteps, BatchSize = BatchSize, GradAccum = GradAccum, LearningRate = LearningRate, EvalInterval = EvalInterval,
            CheckpointInterval = CheckpointInterval, Seed = Seed, Threads = Threads, Dtype = Dtype,
        },
    };

    /// <summary>The profile name in effect (for reports).</summary>
    public string ProfileName => ConfigResolver.ProfileName(Profile);
}
