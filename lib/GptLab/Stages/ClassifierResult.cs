using GptLab.Training;

namespace GptLab.Stages;

/// <summary>How a discriminative fine-tuning ended: its training, its test accuracy at every evaluation, the baseline.</summary>
/// <param name="Training">The training session (steps, losses, time, checkpoint).</param>
/// <param name="Evaluations">Every evaluation, step 0 first; <see cref="MetricRecord.ValAccuracy"/> is the test accuracy.</param>
/// <param name="MajorityBaseline">The test accuracy of always answering the most common training label.</param>
/// <param name="Labels">The class names, in the order of the head's outputs.</param>
public sealed record ClassifierResult(TrainResult Training, IReadOnlyList<MetricRecord> Evaluations, double MajorityBaseline, IReadOnlyList<string> Labels)
{
    /// <summary>The test accuracy of the last evaluation.</summary>
    public double TestAccuracy => Evaluations[^1].ValAccuracy!.Value;

    /// <summary>The mean test accuracy of the last three evaluations: a single evaluation can be lucky.</summary>
    public double LastThree => Evaluations.TakeLast(3).Average(m => m.ValAccuracy!.Value);
}
