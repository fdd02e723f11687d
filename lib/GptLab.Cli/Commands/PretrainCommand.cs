using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Sampling;
using GptLab.Training;
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
        var config = settings.Resolve();
        if (settings.PrintConfig)
        {
            Console.WriteLine(ConfigFile.Print(config));
            return 0;
        }
        var device = TorchRuntime.ResolveDevice(settings.Device);
        var runFolder = RunFolders.For(settings.Name);
        using var runLock = RunLock.Acquire(runFolder, "gptlab pretrain");
        using var resume = RunResume.Open(settings.Name, runFolder, settings.Resume, device);
        if (resume is not null)
        {
            // A new --max-steps must not bend the schedule already under way: the cosine keeps its horizon (steps past
            // it run at min_lr), as nanoGPT's lr_decay_iters does when max_iters grows.
            // Shape, data, precision and batch stay the checkpoint's (a differing flag or --config key is refused).
            var saved = resume.Meta.Config.Train;
            config = settings.ResolveResumed(resume.Meta.Config, out var changes);
            config = config with { Train = config.Train with { LrDecaySteps = saved.DecaySteps } };
            if (!settings.Json)
            {
                foreach (var change in changes.Where(c => !c.StartsWith("train.max_steps", StringComparison.Ordinal)))
                    AnsiConsole.MarkupLineInterpolated($"resumed with {change}");
                if (config.Train.MaxSteps != saved.MaxSteps)
                    AnsiConsole.MarkupLineInterpolated($"max steps {saved.MaxSteps} → {config.Train.MaxSteps}: the learning rate still decays to min_lr by step {saved.DecaySteps} and stays there (lr_decay_steps in a --config of a new run sets another horizon)");
                if (resume.Meta.Step >= config.Train.MaxSteps)
                    AnsiConsole.MarkupLineInterpolated($"run '{settings.Name}' already finished at step {resume.Meta.Step}: nothing to train (pass --max-steps with a larger number to train longer)");
            }
        }

        var t = config.Train;
        var data = MidTraining.Prepare(config.Data, Path.Combine(runFolder, "data"));
        config = config.WithVocabSize(data.Tokenizer.VocabSize);
        TorchRuntime.Seed(t.Seed);
        var model = resume?.Model ?? config.CreateModel();
        if (!settings.Json)
            AnsiConsole.MarkupLineInterpolated($"[bold]pretrain[/] {settings.Name}: profile {settings.ProfileName}, {model.ParameterCount():N0} parameters, {device.type}, {data.Meta.Tokenizer} tokenizer (vocab {data.Meta.VocabSize}), {data.Meta.TrainTokens:N0} train tokens");

        TrainResult result;
        using (var trainer = new Trainer(model, config, data, runFolder, device, resume))
            result = TrainingProgressView.Run(trainer, t.MaxSteps, settings.Json, cancellationToken);

        if (!result.Interrupted) PrintSamples(model, data, settings, t.Seed);
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
        if (resume is null) model.Dispose();
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
