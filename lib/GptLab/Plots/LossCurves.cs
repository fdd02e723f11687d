namespace GptLab.Plots;

/// <summary>
/// What a loss chart draws, as plain series: the loss of each logged update (<paramref name="Batch"/>, a line) and the
/// trainer's estimates on many batches (<paramref name="TrainEval"/>, <paramref name="Validation"/>, points). Built from
/// a run's metrics by GptLab.Experiments.TrainingCurves; an empty series is left out of the chart.
/// </summary>
public sealed record LossCurves(Series Batch, Series TrainEval, Series Validation)
{
    /// <summary>No points yet: the first frame of a live chart.</summary>
    public static LossCurves Empty { get; } = new(new("train (batch)", [], []), new("train (eval)", [], []), new("validation", [], []));
}
