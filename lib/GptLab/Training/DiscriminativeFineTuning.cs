using GptLab.Data;
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
    /// The recipe on top of <paramref name="baseConfig"/> (whose model shape and tokenizer it keeps): <paramref name="steps"/>
    /// steps of 16 texts, learning rate 1e-3 decaying to a tenth (1e-2 for a head alone, which learns faster), a test
    /// evaluation every 25 steps.
    /// </summary>
    public static RunConfig Configure(RunConfig baseConfig, long seed, bool headOnly = false, int steps = 150, double? learningRate = null)
    {
        var lr = learningRate ?? (headOnly ? 1e-2 : 1e-3);
        return (baseConfig with
        {
            Stage = "classifier",
            Train = baseConfig.Train with
            {
                MaxSteps = steps, BatchSize = 16, GradAccum = 1, LearningRate = lr, MinLr = lr / 10, LrDecaySteps = 0, WarmupSteps = Math.Min(15, steps / 10),
                EvalInterval = Math.Min(25, steps), EvalIters = 10, LogInterval = Math.Min(25, steps), CheckpointInterval = steps,
                EarlyStopPatience = 0, Seed = seed,
            },
        }).Validate();
    }

    /// <summary>
    /// A trainer for <paramref name="transformer"/> under a new head, seeded by the recipe so that runs of one seed start
    /// from the same head; the objective predicts labels once trained. With <paramref name="trainBackbone"/> false only
    /// the head trains (a linear probe). The caller disposes the trainer.
    /// </summary>
    public static (Trainer Trainer, ClassificationObjective Objective) CreateTrainer(
        Gpt transformer, ITokenizer tokenizer, ClassificationDataset task, RunConfig config, bool trainBackbone, string runFolder, Device device)
    {
        TorchRuntime.Seed(config.Train.Seed);
        var objective = new ClassificationObjective(new GptClassifier(transformer, task.Labels.Count), task, tokenizer, config.Train, device, trainBackbone);
        return (new Trainer(objective, config, runFolder), objective);
    }

    /// <summary>The evaluations of a run (<see cref="MetricRecord.ValAccuracy"/> is the test accuracy), step 0 first.</summary>
    public static IReadOnlyList<MetricRecord> Evaluations(string metricsPath) =>
        [.. MetricsLog.Read(metricsPath).Where(m => m.ValAccuracy is not null)];

    /// <summary>The mean test accuracy of the last three evaluations: a single evaluation can be lucky.</summary>
    public static double LastThree(IReadOnlyList<MetricRecord> evaluations) => evaluations.TakeLast(3).Average(m => m.ValAccuracy!.Value);
}
