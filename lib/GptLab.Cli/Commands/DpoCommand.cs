using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab dpo</c>: preference tuning of an SFT run by direct preference optimisation, on the honesty pairs or on pairs mined from its own arithmetic answers, then the held-out test before and after.</summary>
public sealed class DpoCommand : Command<DpoCommand.Settings>
{
    public sealed class Settings : PreferenceSettings
    {
        [CommandOption("--name <NAME>")][Description("Run folder for the tuned model. Default: chat-dpo")] public string Name { get; init; } = "chat-dpo";
        [CommandOption("--beta <B>")][Description("How far the model may move from the SFT model (> 0; default 0.1): small lets it drift, large keeps it close")] public double? Beta { get; init; }
        [CommandOption("--loss <LOSS>")][Description("dpo (default: −log σ(margin)) or ipo ((margin − 1/2β)²)")] public string? Loss { get; init; }
        [CommandOption("--task <TASK>")][Description("honesty (default): the honesty pairs; arithmetic: pairs mined from the SFT model's own right and wrong answers to sums beyond its range")] public string? Task { get; init; }
        [CommandOption("--max-new-tokens <N>")][Description("Longest mined answer in tokens, its end included (default 8; task arithmetic)")] public int? MaxNewTokens { get; init; }
        [CommandOption("--lora <RANK>")][Description("Tune low-rank adapters of this rank on the attention and MLP projections, the SFT weights frozen (LoRA); 0 or absent: every weight")] public int? Lora { get; init; }
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
        using var stage = DpoStage.Open(RunFolder.Named(settings.Name), request, RunFolders.For(settings.Base), device,
            settings.Resume ? StartMode.Resume : StartMode.New);
        var dpo = stage.Config.Dpo!;
        if (!settings.Json)
            AnsiConsole.MarkupLineInterpolated($"[bold]dpo[/] {settings.Name} from {settings.Base}: profile {settings.ProfileName}, {stage.TrainPairs:N0} {dpo.Task} pairs, {dpo.Loss} loss, β {dpo.Beta}, {stage.MaxSteps} steps, {device.type}");
        var tuned = TrainingProgressView.Run(stage, ct => stage.Train(ct), settings.Json, cancellationToken);
        var (result, before, after) = (tuned.Training, tuned.Before, tuned.After);
        if (result.Interrupted || after is null) return Interruption.Report(result);

        var last = result.Evaluations.LastOrDefault();
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                pairs = stage.TrainPairs, step = result.Step, train_loss = result.TrainLoss, val_loss = result.ValLoss, stopped_early = result.StoppedEarly, weights_step = result.WeightsStep,
                val_accuracy = last?.ValAccuracy, val_margin = last?.ValMargin, val_kl = last?.ValKl,
                val_answers_right_before = tuned.ValidationRightBefore, val_answers_right = tuned.ValidationRightAfter,
                elapsed_s = Math.Round(result.ElapsedS, 1), checkpoint = result.Checkpoint,
                before = new { families = before.Families }, after = new { families = after.Families },
            }, Json.Line));
            return 0;
        }
        AnsiConsole.MarkupLine(dpo.Task == DpoConfig.HonestyTask
            ? "held-out honesty test, the SFT model beside the tuned one ([bold]unknown[/]: \"I don't know.\" about people no text mentions; [bold]facts[/]: facts no training asked)"
            : "held-out arithmetic, the SFT model beside the tuned one (greedy answers to operand pairs no pair asked about)");
        ChatReportView.Write(after, ("sft", before));
        AnsiConsole.MarkupLineInterpolated($"validation pairs: loss {result.ValLoss:F4} (ln 2 = 0.6931 before tuning), preference accuracy {last?.ValAccuracy:P1}, reward margin {last?.ValMargin:F3}, KL to the SFT model {last?.ValKl:F4} nats per token");
        AnsiConsole.MarkupLineInterpolated($"validation questions answered right (greedy; choose a recipe on this, not on the test): {tuned.ValidationRightBefore:P1} by the SFT model, {tuned.ValidationRightAfter:P1} tuned");
        AnsiConsole.MarkupLineInterpolated($"{(result.StoppedEarly ? $"stopped early: the model holds the weights of step {result.WeightsStep}; " : "")}checkpoint {result.Checkpoint}");
        AnsiConsole.MarkupLineInterpolated($"next: gptlab chat --name {settings.Name}");
        return 0;
    }

    // What the options ask for: the dpo stage's settings request, flags as data.
    private static SettingsRequest Request(Settings s) => new()
    {
        Stage = Stage.Dpo, Profile = s.Profile, ConfigFile = s.Config, Flags = s.Flags with { Beta = s.Beta, PreferenceLoss = s.Loss, Task = s.Task, MaxNewTokens = s.MaxNewTokens, LoraRank = s.Lora },
    };
}
