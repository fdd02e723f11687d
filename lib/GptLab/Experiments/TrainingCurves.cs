using GptLab.Configuration;
using GptLab.Plots;
using GptLab.Training;

namespace GptLab.Experiments;

/// <summary>A run's metrics and schedule as the plain series <see cref="Charts"/> draws (Plots knows no training types).</summary>
public static class TrainingCurves
{
    /// <summary>Batch loss per update whose loss was read, and the evaluation estimates, for <see cref="Charts.Loss"/>.</summary>
    public static LossCurves Loss(IReadOnlyList<MetricRecord> metrics)
    {
        // Step 0 is the untrained evaluation: no batch loss. On a GPU the loss is read at log steps only (NaN between).
        var updates = metrics.Where(m => m.Step > 0 && double.IsFinite(m.Loss)).ToArray();
        var trainEval = metrics.Where(m => m.TrainEvalLoss is not null).ToArray();
        var val = metrics.Where(m => m.ValLoss is not null).ToArray();
        return new LossCurves(
            new Series("train (batch)", Steps(updates), [.. updates.Select(m => m.Loss)]),
            new Series("train (eval)", Steps(trainEval), [.. trainEval.Select(m => m.TrainEvalLoss!.Value)]),
            new Series("validation", Steps(val), [.. val.Select(m => m.ValLoss!.Value)]));
    }

    /// <summary>The learning rate of every step of <paramref name="config"/> (<see cref="LrSchedule"/>), for <see cref="Charts.LearningRate"/>.</summary>
    public static Series LearningRate(TrainConfig config)
    {
        var steps = Enumerable.Range(0, config.MaxSteps).Select(s => (double)s).ToArray();
        return new Series("learning rate", steps, [.. steps.Select(s => LrSchedule.At((long)s, config))]);
    }

    private static double[] Steps(IEnumerable<MetricRecord> metrics) => [.. metrics.Select(m => (double)m.Step)];
}
