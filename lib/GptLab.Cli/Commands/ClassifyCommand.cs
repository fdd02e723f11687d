using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Stages;
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
        [CommandOption("--dtype <TYPE>")][Description(Precision.OptionHelp)] public string? Dtype { get; init; }
        [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
        [CommandOption("--predict <TEXT>")][Description("Label TEXT with the classifier already trained in --name (repeat it for several texts); nothing trains")] public string[]? Predict { get; init; }
        [CommandOption("--json")][Description("One JSON line at the end")] public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Predict is { Length: > 0 } texts) return Predict(settings, texts);
        if (settings.Steps <= 0) throw new GptLabException($"--steps {settings.Steps}: fine-tuning needs at least one step (the default is 150)");
        var request = Request(settings);
        if (settings.PrintConfig)
        {
            Console.WriteLine(ConfigFile.Print(ConfigResolver.Resolve(request)));
            return 0;
        }
        var task = LoadTask(settings);
        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var stage = ClassifierStage.Open(RunFolder.Named(settings.Name), request, RunFolders.For(settings.Base), device, task);
        var (recipe, classify) = (stage.Config, stage.Config.Classify!);
        task = stage.Task;
        if (!settings.Json)
            AnsiConsole.MarkupLineInterpolated($"[bold]classify[/] {settings.Name}: {(classify.FromScratch ? "from scratch in the shape of" : "on")} {settings.Base}, {(classify.HeadOnly ? "head only" : "every weight")}, {task.Train.Count:N0} training and {task.Test.Count:N0} test texts, labels {string.Join(", ", task.Labels)}, {recipe.Train.MaxSteps} steps, {recipe.Dtype}, {device.type}");
        var outcome = TrainingProgressView.Run(stage, stage.Train, settings.Json, cancellationToken);
        var (result, evaluations) = (outcome.Training, outcome.Evaluations);
        var (final, lastThree, majority) = (outcome.TestAccuracy, outcome.LastThree, outcome.MajorityBaseline);
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

    // What the options ask for: the classify stage's settings request, flags as data (--steps also scales the warmup and
    // the evaluation interval; --lr sets the head's rate too: SettingOverrides).
    private static SettingsRequest Request(Settings s) => new()
    {
        Stage = Stage.Classifier, Profile = s.Profile, ConfigFile = s.Config,
        Flags = new SettingOverrides
        {
            MaxSteps = s.Steps, LearningRate = s.LearningRate, Seed = s.Seed, Dtype = s.Dtype,
            Task = s.Task, HeadOnly = s.HeadOnly ? true : null, FromScratch = s.FromScratch ? true : null,
        },
    };

    // --predict: the saved classifier of --name labels each text; nothing trains.
    private static int Predict(Settings settings, string[] texts)
    {
        using var classifier = TrainedClassifier.Load(RunFolder.Named(settings.Name), TorchRuntime.ResolveDevice(settings.Device));
        var labels = classifier.Predict(texts);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { predictions = texts.Zip(labels, (text, label) => new { text, label }), labels = classifier.Labels }, Json.Line));
            return 0;
        }
        foreach (var (text, label) in texts.Zip(labels)) AnsiConsole.MarkupLineInterpolated($"{label}\t{text}");
        return 0;
    }

    // Your own labelled files, or null: the stage takes the task the settings name.
    private static ClassificationDataset? LoadTask(Settings s)
    {
        if (s.TrainFile is null != s.TestFile is null)
            throw new GptLabException("--train and --test go together: pass both files, or neither and a --task");
        if (s.TrainFile is not null && s.Task is not null)
            throw new GptLabException($"--task {s.Task} and --train/--test both name the data: keep one");
        return s.TrainFile is not null ? ClassificationDataset.FromTsv(s.TrainFile, s.TestFile!) : null;
    }
}
