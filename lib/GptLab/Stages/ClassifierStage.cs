using GptLab.Configuration;
using GptLab.Data;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// Discriminative fine-tuning, GPT-1's second stage, the whole recipe: a classification head on a pretrained run's
/// transformer (or, as the baseline, the same shape with random weights), trained on a labelled task, its test accuracy
/// evaluated as it goes, the head and its labels saved beside the weights so that <see cref="TrainedClassifier"/> can
/// predict with it later. <c>gptlab classify</c>, notebook 05 and notebook 09 run it.
/// </summary>
public sealed class ClassifierStage : TrainingStage
{
    private ClassificationObjective _objective = null!;

    private ClassifierStage(RunFolder run, string owner) : base(run, owner)
    {
    }

    /// <summary>The tasks <see cref="TaskNamed"/> knows, built from data shipped with the repository.</summary>
    public static IReadOnlyList<string> Tasks { get; } = ["animal-or-thing"];

    /// <summary>The labelled texts it trains and tests on.</summary>
    public ClassificationDataset Task { get; private set; } = null!;

    /// <summary>The classifier being trained, applied to whole texts: predicts labels once trained.</summary>
    public TextClassifier Classifier => _objective.Classifier;

    /// <summary>
    /// Opens run <paramref name="run"/> to fine-tune the base run in <paramref name="baseFolder"/> with <paramref name="settings"/>
    /// on <paramref name="task"/> (null: the task the settings name). A classifier trains in seconds: it is never resumed,
    /// and an existing one is refused unless <paramref name="start"/> is <see cref="StartMode.Replace"/>.
    /// </summary>
    public static ClassifierStage Open(RunFolder run, SettingsRequest settings, string baseFolder, Device device, ClassificationDataset? task = null,
        StartMode start = StartMode.New, string owner = "gptlab classify")
    {
        if (start is StartMode.Resume or StartMode.Continue)
            throw new GptLabException("a classifier trains in seconds and is never resumed: start it again with another --name");
        var resolved = ConfigResolver.Resolve(settings); // bad settings and an unknown task fail before the run folder is touched
        task ??= TaskNamed((resolved.Classify ?? new ClassifyConfig()).Task);
        return Opened(new ClassifierStage(run, owner), stage => stage.Load(resolved, baseFolder, device, task, start));
    }

    /// <summary>The labelled task called <paramref name="name"/>; an unknown name lists the known ones.</summary>
    public static ClassificationDataset TaskNamed(string name) => name.Trim().ToLowerInvariant() switch
    {
        "animal-or-thing" => AnimalOrThing.Dataset(),
        _ => throw new GptLabException($"unknown task '{name}': use one of {string.Join(", ", Tasks)}, or your own labelled texts with --train and --test"),
    };

    /// <summary>
    /// The run config of fine-tuning a model pretrained with <paramref name="baseConfig"/> (whose model shape and data
    /// settings it keeps) with <paramref name="settings"/> (the classify preset: 150 steps of 16 texts, learning rate 1e-3
    /// decaying to a tenth, a test evaluation every 25 steps). A head trained alone learns at classify.head_learning_rate
    /// (1e-2), faster than a whole network may.
    /// </summary>
    public static RunConfig Configure(RunConfig baseConfig, RunConfig settings)
    {
        var classify = settings.Classify ?? new ClassifyConfig();
        return (settings with
        {
            Model = baseConfig.Model,
            Data = baseConfig.Data,
            Stage = Stage.Classifier,
            Train = classify.HeadOnly ? settings.Train.WithLearningRate(classify.HeadLearningRate) : settings.Train,
            Classify = classify,
        }).Validate();
    }

    /// <summary>Trains the head (and, unless head_only, the transformer); the result carries every test evaluation.</summary>
    public ClassifierResult Train(CancellationToken cancellation = default)
    {
        var training = TrainObjective(_objective, null, cancellation);
        return new ClassifierResult(training, [.. training.Evaluations.Where(m => m.ValAccuracy is not null)], Task.MajorityBaseline(), Task.Labels);
    }

    private void Load(RunConfig resolved, string baseFolder, Device device, ClassificationDataset task, StartMode start)
    {
        RunStart.Open(Run, start, device, canResume: false);
        resolved = Settled(resolved, baseFolder, device);
        var baseCheckpoint = Own(RunStart.LoadBase(baseFolder, device, resolved.Dtype));
        var classify = resolved.Classify ?? new ClassifyConfig();
        Config = Configure(baseCheckpoint.Meta.Config, resolved) with { Parent = classify.FromScratch ? null : baseCheckpoint.Folder };
        Task = task;
        TorchRuntime.Seed(Config.Train.Seed);
        var transformer = classify.FromScratch ? Own(Config.CreateModel()) : baseCheckpoint.Model;
        TorchRuntime.Seed(Config.Train.Seed); // every run of one seed starts from the same head
        _objective = new ClassificationObjective(new GptClassifier(transformer, Task.Labels.Count), Task, baseCheckpoint.Tokenizer, Config.Train, device,
            trainBackbone: !classify.HeadOnly);
    }
}
