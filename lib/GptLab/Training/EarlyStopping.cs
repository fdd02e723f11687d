using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// The trainer's memory of the best validation loss and, with early stopping on (early_stop_patience &gt; 0), of its
/// weights: training stops after that many evaluations in a row without a new best, and ends with the best weights.
/// Its state travels in the checkpoint, so a resumed run stops exactly like an uninterrupted one.
/// </summary>
internal sealed class EarlyStopping : IDisposable
{
    private readonly int _patience;
    private readonly BestWeights _best = new();
    private double _bestValLoss = double.PositiveInfinity;

    public EarlyStopping(int patience) => _patience = patience;

    /// <summary>The best validation loss so far; null before the first evaluation.</summary>
    public double? BestValLoss => double.IsFinite(_bestValLoss) ? _bestValLoss : null;

    public int EvalsSinceBest { get; private set; }

    /// <summary>The step whose weights are kept (early stopping on); null while none are.</summary>
    public long? BestStep => _best.Step;

    /// <summary>Records an evaluation at <paramref name="step"/>; true when training should stop now.</summary>
    public bool Note(double? valLoss, nn.Module model, long step)
    {
        if (valLoss is not { } loss) return false;
        if (loss < _bestValLoss)
        {
            (_bestValLoss, EvalsSinceBest) = (loss, 0);
            if (_patience > 0) _best.Keep(model, step);
        }
        else EvalsSinceBest++;
        return _patience > 0 && EvalsSinceBest >= _patience;
    }

    /// <summary>Puts the best weights back into <paramref name="model"/> (training stopped early).</summary>
    public void RestoreBest(nn.Module model) => _best.RestoreInto(model);

    /// <summary>Writes the best weights into a checkpoint being staged at <paramref name="step"/>, unless they are its own.</summary>
    public void SaveBest(string folder, long step)
    {
        if (_best.Step is { } bestStep && bestStep != step) _best.Save(folder);
    }

    /// <summary>Takes up the state a checkpoint saved (a resumed run); <paramref name="model"/> holds that checkpoint's weights.</summary>
    public void Restore(CheckpointMeta meta, string checkpointFolder, nn.Module model)
    {
        (_bestValLoss, EvalsSinceBest) = (meta.BestValLoss ?? double.PositiveInfinity, meta.EvalsSinceBest);
        if (meta.BestStep is { } bestStep && !_best.Load(checkpointFolder, bestStep) && bestStep == meta.Step)
            _best.Keep(model, bestStep); // saved at the best evaluation itself: the weights are the checkpoint's
    }

    public void Dispose() => _best.Dispose();
}
