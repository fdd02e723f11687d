using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Sampling;
using GptLab.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab pretrain</c>: prepare the data, train, checkpoint, print samples.</summary>
public sealed class PretrainCommand : Command<PretrainCommand.Settings>
{
    public sealed class Settings : RunSettings
    {
        [CommandOption("--resume")]
        [Description("Continue the run's checkpoint exactly where it stopped (--max-steps may extend it)")]
        public bool Resume { get; init; }

        [CommandOption("--samples <N>")]
        [Description("Samples to print after training (default 2)")]
        public int Samples { get; init; } = 2;

        [CommandOption("--print-config")]
        [Description("Print the resolved configuration as JSON and exit")]
        public bool PrintConfig { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.PrintConfig)
        {
            Console.WriteLine(ConfigFile.Print(ConfigResolver.Resolve(settings.Request)));
            return 0;
        }
        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var stage = PretrainingStage.Open(RunFolder.Named(settings.Name), settings.Request, device,
            settings.Resume ? StartMode.Resume : StartMode.New, new PretrainingInputs { Owner = "gptlab pretrain" });
        if (stage.Resumed is { } resumed && !settings.Json)
        {
            var saved = resumed.Config.Train;
            foreach (var change in stage.Changes.Where(c => !c.StartsWith("train.max_steps", StringComparison.Ordinal)))
                AnsiConsole.MarkupLineInterpolated($"resumed with {change}");
            if (stage.MaxSteps != saved.MaxSteps)
                AnsiConsole.MarkupLineInterpolated($"max steps {saved.MaxSteps} → {stage.MaxSteps}: the learning rate still decays to min_lr by step {saved.DecaySteps} and stays there (lr_decay_steps in a --config of a new run sets another horizon)");
            if (stage.Finished)
                AnsiConsole.MarkupLineInterpolated($"run '{settings.Name}' already finished at step {resumed.Step}: nothing to train (pass --max-steps with a larger number to train longer)");
        }
        var (model, data) = (stage.Model, stage.Data);
        if (!settings.Json)
            AnsiConsole.MarkupLineInterpolated($"[bold]pretrain[/] {settings.Name}: profile {settings.ProfileName}, {model.ParameterCount():N0} parameters, {device.type}, {data.Meta.Tokenizer} tokenizer (vocab {data.Meta.VocabSize}), {data.Meta.TrainTokens:N0} train tokens");

        var result = TrainingProgressView.Run(stage, stage.Train, settings.Json, cancellationToken);
        if (!result.Interrupted) PrintSamples(model, data, settings, stage.Config.Train.Seed);
        var summary = new
        {
            step = result.Step, interrupted = result.Interrupted, train_loss = result.TrainLoss, val_loss = result.ValLoss,
            tokens_per_s = Math.Round(result.TokensPerS, 1), elapsed_s = Math.Round(result.ElapsedS, 1), checkpoint = result.Checkpoint,
        };
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(summary, Json.Line));
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "train loss", "val loss", "tokens/s", "elapsed", "checkpoint");
            table.AddRow($"{result.Step}", $"{result.TrainLoss:F4}", result.ValLoss is { } v ? $"{v:F4}" : "-", $"{result.TokensPerS:N0}",
                $"{TimeSpan.FromSeconds(result.ElapsedS):mm\\:ss}", Markup.Escape(result.Checkpoint));
            AnsiConsole.Write(table);
        }
        return result.Interrupted ? Interruption.Report(result) : 0;
    }

    private static void PrintSamples(Gpt model, TokenDataset data, Settings settings, long seed)
    {
        var sampler = new Sampler(model, data.Tokenizer);
        for (var i = 0; i < settings.Samples; i++)
        {
            var text = sampler.Generate("", new SamplingOptions { MaxNewTokens = 300, Seed = seed + i, TopK = 200 });
            if (settings.Json) continue; // --json prints one line only
            AnsiConsole.Write(new Panel(Markup.Escape(text.Trim())).Header($"sample {i + 1}").Border(BoxBorder.Rounded));
        }
    }
}
