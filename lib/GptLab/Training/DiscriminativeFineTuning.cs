using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// GPT-1's second stage as one recipe, shared by notebook 05 and <c>gptlab classify</c>: a classification head on a
/// pretrained (or freshly initialised) transformer, trained on a labelled task by the shared <see cref="Trainer"/>.
/// </summary>
public static class DiscriminativeFineTuning
{
    /// <summary>The tasks <see cref="Task"/> knows by name, built from data shipped with the repository.</summary>
    public static IReadOnlyList<string> Tasks { get; } = ["animal-or-thing"];

    /// <summary>The labelled task called <paramref name="name"/>; an unknown name lists the known ones.</summary>
    public static ClassificationDataset Task(string name) => name.Trim().ToLowerInvariant() switch
    {
        "animal-or-thing" => AnimalOrThing.Dataset(),
        _ => throw new GptLabException($"unknown task '{name}': use one of {string.Join(", ", Tasks)}, or your own labelled texts with --train and --test"),
    };

    /// <summary>
    /// The run config of fine-tuning a model pretrained with <paramref name="baseConfig"/> (whose model shape and data
    /// settings it keeps) with <paramref name="settings"/>: the classify settings <see cref="ConfigResolver"/> resolved
    /// (<see cref="Presets"/>: 150 steps of 16 texts, learning rate 1e-3 decaying to a tenth, a test evaluation every 25
    /// steps). A head trained alone learns at classify.head_learning_rate (1e-2), faster than a whole network may.
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

    /// <summary>
    /// A trainer for <paramref name="transformer"/> under a new head, seeded by the recipe so that runs of one seed start
    /// from the same head; the objective predicts labels once trained. With classify.head_only only the head trains (a
    /// linear probe). The transformer must compute in the run's precision (load it with the run's dtype). The caller
    /// disposes the trainer.
    /// </summary>
    public static (Trainer Trainer, TextClassifier Classifier) CreateTrainer(
        Gpt transformer, ITokenizer tokenizer, ClassificationDataset task, RunConfig config, string runFolder, Device device)
    {
        TorchRuntime.Seed(config.Train.Seed);
        var trainBackbone = !(config.Classify?.HeadOnly ?? false);
        var objective = new ClassificationObjective(new GptClassifier(transformer, task.Labels.Count), task, tokenizer, config.Train, device, trainBackbone);
        return (new Trainer(objective, config, runFolder), objective.Classifier);
    }

    /// <summary>The evaluations of a run (<see cref="MetricRecord.ValAccuracy"/> is the test accuracy), step 0 first.</summary>
    public static IReadOnlyList<MetricRecord> Evaluations(string metricsPath) =>
        [.. MetricsLog.Read(metricsPath).Where(m => m.ValAccuracy is not null)];

    /// <summary>The mean test accuracy of the last three evaluations: a single evaluation can be lucky.</summary>
    public static double LastThree(IReadOnlyList<MetricRecord> evaluations) => evaluations.TakeLast(3).Average(m => m.ValAccuracy!.Value);
}
