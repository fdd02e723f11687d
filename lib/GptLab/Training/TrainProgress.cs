namespace GptLab.Training;

/// <summary>What the trainer reports after each update (for progress bars and live charts).</summary>
/// <param name="Step">Updates completed.</param>
/// <param name="MaxSteps">Updates planned.</param>
/// <param name="Metric">The step's metrics; ValLoss is set on evaluation steps.</param>
/// <param name="Eta">Estimated time left at the current speed.</param>
public sealed record TrainProgress(long Step, long MaxSteps, MetricRecord Metric, TimeSpan Eta);
