using System.ComponentModel;
using GptLab.Configuration;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>The options every preference stage's verb takes (<c>gptlab dpo</c>, <c>gptlab reward</c>): an SFT run to start from, and the flags both stages share.</summary>
public abstract class PreferenceSettings : CommandSettings
{
    [CommandOption("--base <NAME>")][Description("SFT run under runs/ to start from (made by gptlab sft). Default: chat")] public string Base { get; init; } = "chat";
    [CommandOption("--profile <NAME>")][Description("tiny, cpu or gpu (chat-cpu etc. also accepted). Default: cpu, or $GPTLAB_PROFILE")] public string? Profile { get; init; }
    [CommandOption("--config <FILE>")][Description("JSON with any subset of the keys --print-config shows; overrides the profile")] public string? Config { get; init; }
    [CommandOption("--epochs <N>")][Description("Passes over the training pairs (the run length follows from them)")] public double? Epochs { get; init; }
    [CommandOption("--lr <RATE>")][Description("Peak learning rate (the cosine decays to a tenth of it)")] public double? LearningRate { get; init; }
    [CommandOption("--batch-size <N>")][Description("Pairs per batch")] public int? BatchSize { get; init; }
    [CommandOption("--seed <N>")][Description("Training seed (pair order)")] public long? Seed { get; init; }
    [CommandOption("--data-seed <N>")][Description("Seed of the honesty pairs (new names, invented answers)")] public int? DataSeed { get; init; }
    [CommandOption("--dtype <TYPE>")][Description("float32, or bfloat16 (bf16 matmuls, fp32 master weights)")] public string? Dtype { get; init; }
    [CommandOption("--print-config")][Description("Print the resolved settings as JSON (a file --config accepts) and exit")] public bool PrintConfig { get; init; }
    [CommandOption("--resume")][Description("Continue the run's checkpoint exactly where it stopped")] public bool Resume { get; init; }
    [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
    [CommandOption("--json")][Description("One JSON line at the end")] public bool Json { get; init; }

    public string ProfileName => ConfigResolver.ProfileName(Profile);

    /// <summary>The shared flags as data, for the stage's settings request.</summary>
    public SettingOverrides Flags => new() { LearningRate = LearningRate, BatchSize = BatchSize, Seed = Seed, Dtype = Dtype, Epochs = Epochs, DataSeed = DataSeed };
}
