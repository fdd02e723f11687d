using System.ComponentModel;
using System.Text.Json;
using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Training;
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
        [CommandOption("--epochs <N>")] public double? Epochs { get; init; }
        [CommandOption("--lr <RATE>")] public double? LearningRate { get; init; }
        [CommandOption("--batch-size <N>")] public int? BatchSize { get; init; }
        [CommandOption("--seed <N>")][Description("Training seed (batch order, initial state)")] public long? Seed { get; init; }
        [CommandOption("--data-seed <N>")][Description("Seed of the synthetic instruction set")] public int? DataSeed { get; init; }
        [CommandOption("--dtype <TYPE>")][Description("float32, or bfloat16 (bf16 matmuls, fp32 master weights)")] public string? Dtype { get; init; }
        [CommandOption("--print-config")][Description("Print the resolved settings as JSON (a file --config accepts) and exit")] public bool PrintConfig { get; init; }
        [CommandOption("--replay <N>")][Description("Windows of the base's own training text among the conversations (0 for a base without one, e.g. an imported GPT-2)")] public int? Replay { get; init; }
        [CommandOption("--dolly")][Description("Also train on Dolly open-QA pairs (human-written)")] public bool Dolly { get; init; }
        [CommandOption("--resume")][Description("Continue the run's checkpoint exactly where it stopped")] public bool Resume { get; init; }
        [CommandOption("--device <DEVICE>")] public string? Device { get; init; }
        [CommandOption("--json")][Description("One JSON line at the end")] public bool Json { get; init; }

        public string ProfileName => ConfigResolver.ProfileName(Profile);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var settingsConfig = Resolve(settings);
        if (settings.PrintConfig)
        {
            Console.WriteLine(ConfigFile.Print(settingsConfig));
            return 0;
        }
        var device = TorchRuntime.ResolveDevice(settings.Device);
        var runFolder = RunFolders.For(settings.Name);
        using var runLock = RunLock.Acquire(runFolder, "gptlab sft");
        using var resume = RunResume.Open(settings.Name, runFolder, settings.Resume, device);
        using var baseCheckpoint = BaseRun.Load(settings.Base, device, resume?.Meta.Config.Dtype ?? settingsConfig.Dtype);
        // A GPT-2 base gets the chat tokens as new embedding rows (ChatVocabulary); the base run's files stay as they are.
        var extended = resume is null ? ChatVocabulary.Extend(baseCheckpoint.Model, baseCheckpoint.Tokenizer) : null;
        using var extendedModel = extended?.Model;
        var tokenizer = resume?.Tokenizer ?? extended?.Tokenizer ?? baseCheckpoint.Tokenizer;
        _ = new ChatTemplate(tokenizer); // a base without chat tokens fails here, naming the fix
        // A resumed fine-tuning keeps every setting it started with: a flag or --config key that differs is refused.
        var config = resume is not null
            ? ConfigResolver.Resume(resume.Meta.Config, settings.Profile, settings.Config, s => ApplyFlags(settings, s), new HashSet<string>(), out _)
            : SupervisedFineTuning.Configure(baseCheckpoint, settingsConfig, extendedModel?.Config);
        var data = SupervisedFineTuning.Data(config.Sft!);
        var model = resume?.Model ?? extendedModel ?? baseCheckpoint.Model; // fine-tunes the base's weights in memory

        TrainResult result;
        using (var trainer = SupervisedFineTuning.CreateTrainer(model, tokenizer, config, data, runFolder, device, resume))
        {
            if (!settings.Json && extended is not null)
                AnsiConsole.MarkupLineInterpolated($"the base has no chat tokens: {string.Join(", ", ChatVocabulary.Missing(baseCheckpoint.Tokenizer))} added as ids {baseCheckpoint.Tokenizer.VocabSize:N0} onwards (new embedding rows, the mean of the others)");
            if (!settings.Json)
                AnsiConsole.MarkupLineInterpolated($"[bold]sft[/] {settings.Name} from {settings.Base}: profile {settings.ProfileName}, {data.Train.Count:N0} training conversations, loss on {config.Sft!.LossOn} tokens, {trainer.MaxSteps} steps, {device.type}");
            result = TrainingProgressView.Run(trainer, trainer.MaxSteps, settings.Json, cancellationToken);
        }
        if (result.Interrupted) return Interruption.Report(result);

        var report = ChatEvaluation.Run(model, SupervisedFineTuning.Template(tokenizer, config), data.Test);
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
        ChatReportView.Write(report, before: null);
        AnsiConsole.MarkupLineInterpolated($"val loss {result.ValLoss:F4} at step {result.Step}{(result.StoppedEarly ? $" (stopped early: validation stopped improving; the model holds the weights of step {result.WeightsStep}, the best evaluation)" : "")}; checkpoint {result.Checkpoint}");
        AnsiConsole.MarkupLineInterpolated($"next: gptlab eval --name {settings.Name}   or   gptlab chat --name {settings.Name}");
        return 0;
    }

    // The sft settings: profile, then --config, then these flags (ConfigResolver).
    private static RunConfig Resolve(Settings s) => ConfigResolver.Resolve(Stage.Sft, s.Profile, s.Config, config => ApplyFlags(s, config));

    private static RunConfig ApplyFlags(Settings s, RunConfig config)
    {
        var (t, sft) = (config.Train, config.Sft ?? new SftConfig());
        return config with
        {
            Train = t.WithLearningRate(s.LearningRate) with { BatchSize = s.BatchSize ?? t.BatchSize, Seed = s.Seed ?? t.Seed },
            Sft = sft with
            {
                LossOn = s.LossOn ?? sft.LossOn, Epochs = s.Epochs ?? sft.Epochs, DataSeed = s.DataSeed ?? sft.DataSeed, Dolly = s.Dolly || sft.Dolly,
                Replay = s.Replay ?? sft.Replay,
            },
            Dtype = s.Dtype ?? config.Dtype,
        };
    }
}
