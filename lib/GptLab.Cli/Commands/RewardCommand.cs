using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab reward</c>: a reward model from an SFT run, trained on comparisons, then its held-out pairwise accuracy against chance.</summary>
public sealed class RewardCommand : Command<RewardCommand.Settings>
{
    public sealed class Settings : PreferenceSettings
    {
        [CommandOption("--name <NAME>")][Description("Run folder for the reward model. Default: chat-reward")] public string Name { get; init; } = "chat-reward";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var request = Request(settings);
        if (settings.PrintConfig)
        {
            Console.WriteLine(ConfigFile.Print(ConfigResolver.Resolve(request)));
            return 0;
        }
        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var stage = RewardStage.Open(RunFolder.Named(settings.Name), request, RunFolders.For(settings.Base), device,
            settings.Resume ? StartMode.Resume : StartMode.New);
        if (!settings.Json)
            AnsiConsole.MarkupLineInterpolated($"[bold]reward[/] {settings.Name} from {settings.Base}: profile {settings.ProfileName}, {stage.TrainPairs:N0} honesty pairs, {stage.MaxSteps} steps, {device.type}");
        var result = TrainingProgressView.Run(stage, ct => stage.Train(ct), settings.Json, cancellationToken);
        if (result.Training.Interrupted) return Interruption.Report(result.Training);

        // Held-out pairwise accuracy over the people asked about: a person's pairs rise and fall together.
        var units = UnitLabels.Of(result.TestPairs.Select(p => p.Unit));
        var share = result.TestRight.Average(r => r ? 1.0 : 0.0);
        var size = EffectiveSize.Of(result.TestRight, units);
        var (low, high) = Wilson.Interval(share * size, size);
        var last = result.Training.Evaluations[^1];
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                step = result.Training.Step, train_loss = result.Training.TrainLoss, val_loss = result.Training.ValLoss, val_accuracy = last.ValAccuracy, val_margin = last.ValMargin,
                test_pairs = result.TestRight.Count, test_accuracy = share, test_accuracy_low = low, test_accuracy_high = high, chance = 0.5,
                elapsed_s = Math.Round(result.Training.ElapsedS, 1), checkpoint = result.Training.Checkpoint,
            }, Json.Line));
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"held-out pairs ranked right: {share:P1} (95% interval {low:P1} to {high:P1}, over {units.Distinct().Count()} people; chance 50%), {result.TestRight.Count} pairs");
        AnsiConsole.MarkupLineInterpolated($"validation pairs: loss {result.Training.ValLoss:F4} (ln 2 = 0.6931 before training), accuracy {last.ValAccuracy:P1}, reward margin {last.ValMargin:F3}; checkpoint {result.Training.Checkpoint}");
        return 0;
    }

    // What the options ask for: the reward stage's settings request, flags as data.
    private static SettingsRequest Request(Settings s) => new()
    {
        Stage = Stage.Reward, Profile = s.Profile, ConfigFile = s.Config, Flags = s.Flags,
    };
}
