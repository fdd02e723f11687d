using System.ComponentModel;
using GptLab.Configuration;
using GptLab.Model;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>The options every verb that tunes an SFT run takes (<c>gptlab dpo</c>, <c>gptlab reward</c>, <c>gptlab rl</c>): the run to start from, and the flags they share.</summary>
public abstract class TuningSettings : CommandSettings
{
    [CommandOption("--base <NAME>")][Description("SFT run under runs/ to start from (made by gptlab sft). Default: chat")] public string Base { get; init; } = "chat";
    [CommandOption("--profile <NAME>")][Description("tiny, cpu or gpu (chat-cpu etc. also accepted). Default: cpu, or $GPTLAB_PROFILE")] public string? Profile { get; init; }
    [CommandOption("--config <FILE>")][Description("JSON with any subset of the keys --print-config shows; overrides the profile")] public string? Config { get; init; }
    [CommandOption("--lr <RATE>")][Description("Peak learning rate")] public double? LearningRate { get; init; }
    [CommandOption("--batch-size <N>")][Description("Pairs (dpo, reward) or prompts (rl) per batch")] public int? BatchSize { get; init; }
    [CommandOption("--seed <N>")][Description("Training seed (the order of the data; rl: its sampled answers too)")] public long? Seed { get; init; }
    [CommandOption("--dtype <TYPE>")][Description(Precision.OptionHelp)] public string? Dtype { get; init; }
    [CommandOption("--print-config")][Description("Print the resolved settings as JSON (a file --config accepts) and exit")] public bool PrintConfig { get; init; }
    [CommandOption("--resume")][Description("Continue the run's checkpoint exactly where it stopped")] public bool Resume { get; init; }
    [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
    [CommandOption("--json")][Description("One JSON line at the end")] public bool Json { get; init; }

    public string ProfileName => ConfigResolver.ProfileName(Profile);

    /// <summary>The shared flags as data, for the stage's settings request.</summary>
    public virtual SettingOverrides Flags => new() { LearningRate = LearningRate, BatchSize = BatchSize, Seed = Seed, Dtype = Dtype };
}
