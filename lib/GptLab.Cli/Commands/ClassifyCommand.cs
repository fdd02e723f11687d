using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab classify</c>: discriminative fine-tuning (GPT-1's second stage) of a pretrained run on a labelled task, with
/// the recipe of notebook 05; <c>--from-scratch</c> trains the same shape from random weights for comparison.
/// </summary>
public sealed class ClassifyCommand : Command<ClassifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--base <NAME>")][Description("Pretrained run under runs/ whose model and tokenizer to use. Default: chat-base")] public string Base { get; init; } = "chat-base";
        [CommandOption("--name <NAME>")][Description("Run folder for the classifier. Default: classifier")] public string Name { get; init; } = "classifier";
        [CommandOption("--profile <NAME>")][Description("tiny, cpu or gpu (chat-cpu etc. also accepted; gpu computes in bf16). Default: cpu, or $GPTLAB_PROFILE")] public string? Profile { get; init; }
        [CommandOption("--config <FILE>")][Description("JSON with any subset of the keys --print-config shows ({train:{...}, classify:{...}, dtype}); overrides the profile")] public string? Config { get; init; }
        [CommandOption("--print-config")][Description("Print the resolved settings as JSON (a file --config accepts) and exit")] public bool PrintConfig { get; init; }
        [CommandOption("--task <NAME>")][Description("animal-or-thing (default; held-out nouns). Or --train/--test")] public string? Task { get; init; }
        [CommandOption("--train <FILE>")][Description("Your training examples: one 'label<TAB>text' line each")] public string? TrainFile { get; init; }
        [CommandOption("--test <FILE>")][Description("Your test examples, same format, labels from --train")] public string? TestFile { get; init; }
        [CommandOption("--head-only")][Description("Train only the head on frozen features (a linear probe)")] public bool HeadOnly { get; init; }
        [CommandOption("--from-scratch")][Description("Random weights of the base's shape instead of its pretrained ones")] public bool FromScratch { get; init; }
        [CommandOption("--steps <N>")][Description("Fine-tuning steps of 16 texts. Default: 150")] public int? Steps { get; init; }
        [CommandOption("--lr <RATE>")][Description("Peak learning rate. Default: 1e-3, or 1e-2 with --head-only")] public double? LearningRate { get; init; }
        [CommandOption("--seed <N>")][Description("Seed of the head, the batches and (with --from-scratch) the weights. Default: 1337")] public long? Seed { get; init; }
        [CommandOption("--dtype <TYPE>")][Description("float32, or bfloat16 (bf16 matmuls, fp32 master weights)")] public string? Dtype { get; init; }
        [CommandOption("--device <DEVICE>")] public string? Device { get; init; }
        [CommandOption("--json")][Description("One JSON line at the end")] public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Steps <= 0) throw new GptLabException($"--steps {settings.Steps}: fine-tuning needs at least one step (the default is 150)");
        var settingsConfig = Resolve(settings);
        if (settings.PrintConfig)
        {
            Console.WriteLine(ConfigFile.Print(settingsConfig));
            return 0;
        }
        var classify = settingsConfig.Classify!;
        var task = LoadTask(settings, classify);
        var device = TorchRuntime.ResolveDevice(settings.Device);
        var runFolder = RunFolders.For(settings.Name);
        using var runLock = RunLock.Acquire(runFolder, "gptlab classify");
        RunResume.Open(settings.Name, runFolder, resume: false, device, canResume: false); // a run of seconds: never overwritten, not resumed
        using var baseCheckpoint = BaseRun.Load(settings.Base, device, settingsConfig.Dtype);
        var recipe = DiscriminativeFineTuning.Configure(baseCheckpoint.Meta.Config, settingsConfig)
            with { Parent = classify.FromScratch ? null : baseCheckpoint.Folder };
        TorchRuntime.Seed(recipe.Train.Seed);
        using var fresh = classify.FromScratch ? recipe.CreateModel() : null;

        var (trainer, _) = DiscriminativeFineTuning.CreateTrainer(fresh ?? baseCheckpoint.Model, baseCheckpoint.Tokenizer, task, recipe, runFolder, device);
        TrainResult result;
        using (trainer)
        {
            if (!settings.Json)
                AnsiConsole.MarkupLineInterpolated($"[bold]classify[/] {settings.Name}: {(classify.FromScratch ? "from scratch in the shape of" : "on")} {settings.Base}, {(classify.HeadOnly ? "head only" : "every weight")}, {task.Train.Count:N0} training and {task.Test.Count:N0} test texts, labels {string.Join(", ", task.Labels)}, {recipe.Train.MaxSteps} steps, {recipe.Dtype}, {device.type}");
            result = TrainingProgressView.Run(trainer, recipe.Train.MaxSteps, settings.Json, cancellationToken);
        }
        var evaluations = DiscriminativeFineTuning.Evaluations(Path.Combine(runFolder, MetricsLog.FileName));
        var (final, lastThree, majority) = (evaluations[^1].ValAccuracy!.Value, DiscriminativeFineTuning.LastThree(evaluations), task.MajorityBaseline());
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                step = result.Step, interrupted = result.Interrupted, test_accuracy = final, test_accuracy_last3 = lastThree, majority_baseline = majority,
                evaluations = evaluations.Select(m => new { step = m.Step, test_accuracy = m.ValAccuracy, train_accuracy = m.TrainAccuracy }),
                labels = task.Labels, elapsed_s = Math.Round(result.ElapsedS, 1), checkpoint = result.Checkpoint,
            }, Json.Line));
            return result.Interrupted ? Interruption.Report(result) : 0;
        }
        var table = new Table().AddColumns("step", "test accuracy", "train accuracy");
        foreach (var m in evaluations) table.AddRow($"{m.Step}", $"{m.ValAccuracy:P1}", $"{m.TrainAccuracy:P1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"test accuracy {final:P1} (mean of the last three evaluations {lastThree:P1}); majority baseline {majority:P1}; checkpoint {result.Checkpoint}");
        if (result.Interrupted)
        {
            AnsiConsole.MarkupLine("[yellow]interrupted[/]: the numbers are those of the last evaluation");
            return Interruption.Report(result);
        }
        return 0;
    }

    // The classify settings: profile, then --config, then these flags (ConfigResolver). --steps also scales the warmup
    // and the evaluation interval (a tenth and a sixth of the default run); --lr sets the head's rate too.
    private static RunConfig Resolve(Settings s) => ConfigResolver.Resolve(Stage.Classifier, s.Profile, s.Config, config =>
    {
        var (t, c) = (config.Train, config.Classify ?? new ClassifyConfig());
        if (s.Steps is { } steps)
            t = t with { MaxSteps = steps, WarmupSteps = Math.Min(15, steps / 10), EvalInterval = Math.Min(25, steps), LogInterval = Math.Min(25, steps), CheckpointInterval = steps };
        return config with
        {
            Train = t.WithLearningRate(s.LearningRate) with { Seed = s.Seed ?? t.Seed },
            Classify = c with
            {
                Task = s.Task ?? c.Task, HeadOnly = s.HeadOnly || c.HeadOnly, FromScratch = s.FromScratch || c.FromScratch,
                HeadLearningRate = s.LearningRate ?? c.HeadLearningRate,
            },
            Dtype = s.Dtype ?? config.Dtype,
        };
    });

    private static ClassificationDataset LoadTask(Settings s, ClassifyConfig classify)
    {
        if (s.TrainFile is null != s.TestFile is null)
            throw new GptLabException("--train and --test go together: pass both files, or neither and a --task");
        if (s.TrainFile is not null && s.Task is not null)
            throw new GptLabException($"--task {s.Task} and --train/--test both name the data: keep one");
        return s.TrainFile is not null ? ClassificationDataset.FromTsv(s.TrainFile, s.TestFile!) : DiscriminativeFineTuning.Task(classify.Task);
    }
}
