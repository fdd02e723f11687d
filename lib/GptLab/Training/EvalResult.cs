namespace GptLab.Training;

/// <summary>
/// An evaluation of the model on fixed batches. Accuracies are set by classification (share of texts labelled right) and
/// preference objectives (share of pairs whose chosen answer the policy favours more than the reference did); the
/// reward margins and the KL to the reference by preference objectives.
/// </summary>
public sealed record EvalResult(double TrainLoss, double ValLoss, double? TrainAccuracy = null, double? ValAccuracy = null)
{
    /// <summary>Mean implicit reward margin β·Δlog-ratio over the training pairs evaluated.</summary>
    public double? TrainMargin { get; init; }

    /// <summary>Mean implicit reward margin over the validation pairs.</summary>
    public double? ValMargin { get; init; }

    /// <summary>Mean per-token KL(policy ‖ reference) on the validation pairs' preferred answers, in nats.</summary>
    public double? ValKl { get; init; }
}
