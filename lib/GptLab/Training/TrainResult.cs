namespace GptLab.Training;

/// <summary>How a training session ended.</summary>
/// <param name="Step">Updates completed (over all sessions of the run).</param>
/// <param name="TrainLoss">Last estimated training loss (eval mode), or the last step's loss if never estimated.</param>
/// <param name="ValLoss">Last estimated validation loss, if any.</param>
/// <param name="TokensPerS">Mean training throughput of this session (evaluation time excluded).</param>
/// <param name="ElapsedS">Wall-clock training seconds over all sessions.</param>
/// <param name="Checkpoint">The checkpoint folder written last.</param>
/// <param name="Interrupted">True when Ctrl+C (cancellation) stopped it early; the checkpoint is saved.</param>
/// <param name="StoppedEarly">True when early stopping ended it: validation loss stopped improving (early_stop_patience).</param>
/// <param name="WeightsStep">After an early stop, the step of the best evaluation, whose weights the model and the checkpoint now hold.</param>
/// <param name="Evaluations">Every evaluation of the run, step 0 first (resumed sessions included): the lines of metrics.jsonl with a validation loss.</param>
public sealed record TrainResult(long Step, double TrainLoss, double? ValLoss, double TokensPerS, double ElapsedS, string Checkpoint, bool Interrupted,
    bool StoppedEarly, long? WeightsStep, IReadOnlyList<MetricRecord> Evaluations)
{
    /// <summary>The evaluation of the weights the run ends with: <see cref="WeightsStep"/>'s after an early stop, the last one otherwise.</summary>
    public MetricRecord KeptEvaluation => WeightsStep is { } best ? Evaluations.Last(e => e.Step == best) : Evaluations[^1];
}
