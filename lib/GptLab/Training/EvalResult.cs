namespace GptLab.Training;

/// <summary>An evaluation of the model on fixed batches; accuracies are set by classification objectives.</summary>
public sealed record EvalResult(double TrainLoss, double ValLoss, double? TrainAccuracy = null, double? ValAccuracy = null);
