using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab sft</c>: supervised fine-tuning of a base checkpoint into a chat model, then a held-out evaluation.</summary>
public sealed class SftCommand : Command<SftCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--base <NAME>")][Description("Base run under runs/ (pretrained with a chat profile). Default: chat-base")] public string Base { get; init; } = "chat-base";
        [CommandOption("--name <NAME>")][Description("Run folder for the chat model. Default: chat")] public string Name { get; init; } = "chat";
        [CommandOption("--profile <NAME>")][Description("tiny, cpu or gpu (chat-cpu etc. also accepted). Default: cpu, or $GPTLAB_PROFILE")] public string? Profile { get; init; }
        [CommandOption("--config <FILE>")][Description("JSON with any subset of the keys --print-config shows ({train:{...}, sft:{...}, dtype}); overrides the profile")] public string? Config { get; init; }
        [CommandOption("--loss-on <WHAT>")][Description("assistant (default: the prompt is masked) or all (every token: the A/B baseline)")] public string? LossOn { get; init; }
        [CommandOption("--epochs <N>")][Description("Passes over the training conversations (the run length follows from them)")] public double? Epochs { get; init; }
        [CommandOption("--lr <RATE>")][Description("Peak learning rate (the cosine decays to a tenth of it)")] public double? LearningRate { get; init; }
        [CommandOption("--batch-size <N>")][Description("Conversations per batch")] public int? BatchSize { get; init; }
        [CommandOption("--seed <N>")][Description("Training seed (batch order, initial state)")] public long? Seed { get; init; }
        [CommandOption("--data-seed <N>")][Description("Seed of the synthetic instruction set")] public int? DataSeed { get; init; }
        [CommandOption("--dtype <TYPE>")][Description(Precision.OptionHelp)] public string? Dtype { get; init; }
        [CommandOption("--print-config")][Description("Print the resolved settings as JSON (a file --config accepts) and exit")] public bool PrintConfig { get; init; }
        [CommandOption("--replay <N>")][Description("Windows of the base's own training text among the conversations (0 for a base without one, e.g. an imported GPT-2)")] public int? Replay { get; init; }
        [CommandOption("--lora <RANK>")][Description("Train low-rank adapters of this rank on the attention and MLP projections, the base frozen (LoRA); 0 or absent: every weight")] public int? Lora { get; init; }
        [CommandOption("--dolly")][Description("Also train on Dolly open-QA pairs (human-written)")] public bool Dolly { get; init; }
        [CommandOption("--resume")][Description("Continue the run's checkpoint exactly where it stopped")] public bool Resume { get; init; }
        [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
        [CommandOption("--json")][Description("One JSON line at the end")] public bool Json { get; init; }

        public string ProfileName => ConfigResolver.ProfileName(Profile);
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
        using var stage = SupervisedStage.Open(RunFolder.Named(settings.Name), request, RunFolders.For(settings.Base), device,
            settings.Resume ? StartMode.Resume : StartMode.New);
        if (!settings.Json && stage.AddedTokens.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"the base has no chat tokens: {string.Join(", ", stage.AddedTokens)} added as ids {stage.Base.Tokenizer.VocabSize:N0} onwards (new embedding rows, the mean of the others)");
        if (!settings.Json)
            AnsiConsole.MarkupLineInterpolated($"[bold]sft[/] {settings.Name} from {settings.Base}: profile {settings.ProfileName}, {stage.Data.Train.Count:N0} training conversations, loss on {stage.Config.Sft!.LossOn} tokens, {stage.MaxSteps} steps, {device.type}");
        var (result, report) = TrainingProgressView.Run(stage, ct => stage.Train(ct), settings.Json, cancellationToken);
        if (result.Interrupted || report is null) return Interruption.Report(result);

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                step = result.Step, train_loss = result.TrainLoss, val_loss = result.ValLoss, stopped_early = result.StoppedEarly, weights_step = result.WeightsStep,
                elapsed_s = Math.Round(result.ElapsedS, 1), checkpoint = result.Checkpoint,
                format_adherence = report.FormatAdherence, exact_match = report.ExactMatch, families = report.Families,
            }, Json.Line));
            return 0;
        }
        ChatReportView.Write(report);
        AnsiConsole.MarkupLineInterpolated($"val loss {result.ValLoss:F4} at step {result.Step}{(result.StoppedEarly ? $" (stopped early: validation stopped improving; the model holds the weights of step {result.WeightsStep}, the best evaluation)" : "")}; checkpoint {result.Checkpoint}");
        AnsiConsole.MarkupLineInterpolated($"next: gptlab eval --name {settings.Name}   or   gptlab chat --name {settings.Name}");
        return 0;
    }

    // What the options ask for: the sft stage's settings request, flags as data.
    private static SettingsRequest Request(Settings s) => new()
    {
        Stage = Stage.Sft, Profile = s.Profile, ConfigFile = s.Config,
        Flags = new SettingOverrides
        {
            LearningRate = s.LearningRate, BatchSize = s.BatchSize, Seed = s.Seed, Dtype = s.Dtype,
            LossOn = s.LossOn, Epochs = s.Epochs, DataSeed = s.DataSeed, Dolly = s.Dolly ? true : null, Replay = s.Replay, LoraRank = s.Lora,
        },
    };
}
