using System.ComponentModel;
using GptLab.Configuration;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>The options both preference stages' verbs take (<c>gptlab dpo</c>, <c>gptlab reward</c>): the tuning flags, and the passes over the honesty pairs and their seed.</summary>
public abstract class PreferenceSettings : TuningSettings
{
    [CommandOption("--epochs <N>")][Description("Passes over the training pairs (the run length follows from them)")] public double? Epochs { get; init; }
    [CommandOption("--data-seed <N>")][Description("Seed of the pairs: the honesty pairs' new names and invented answers; for dpo --task arithmetic, the split of operand pairs")] public int? DataSeed { get; init; }

    public override SettingOverrides Flags => base.Flags with { Epochs = Epochs, DataSeed = DataSeed };
}
