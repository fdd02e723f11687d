using GptLab.IO;
using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Model;
using GptLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// The training loop shared by every stage (nanoGPT's train.py): warmup + cosine LR, gradient accumulation and
/// clipping, periodic loss estimates, early stopping, metrics.jsonl, atomic checkpoints, exact resume, Ctrl+C saves,
/// NaN stops. One dispose scope per step keeps native memory flat. What is not the loop lives beside it:
/// <see cref="FlatAdamW"/> (the optimizer and clipping), <see cref="EarlyStopping"/>, <see cref="Checkpoint"/>.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly ITrainingObjective _objective;
    private readonly RunConfig _config;
    private readonly string _runFolder;
    private readonly FlatAdamW _optimizer;
    private readonly EarlyStopping _earlyStopping;
    private long _step;
    private double _elapsedBefore;
    private (double? Train, double? Val) _savedLosses; // a resumed run's last estimates, until it evaluates again
    private readonly List<MetricRecord> _evaluations = []; // the run's evaluations so far, resumed sessions included

    /// <summary>Pretraining of <paramref name="model"/> on <paramref name="data"/> (a <see cref="LanguageModelObjective"/>).</summary>
    public Trainer(Gpt model, RunConfig config, TokenDataset data, string runFolder, Device device, Checkpoint? resumeFrom = null)
        : this(new LanguageModelObjective(model, data, config.Validate().Train, device), config, runFolder, resumeFrom)
    {
    }

    /// <summary>Trains <paramref name="objective"/>; with <paramref name="resumeFrom"/>, continues that checkpoint exactly.</summary>
    public Trainer(ITrainingObjective objective, RunConfig config, string runFolder, Checkpoint? resumeFrom = null)
    {
        _config = config.Validate();
        ReadEveryStep = objective.Device.type == DeviceType.CPU;
        if (objective.Dtype != config.Dtype)
            throw new GptLabException($"the model computes in {objective.Dtype} but the run's dtype is {config.Dtype}: build or load the model with the run's dtype (Checkpoint.Load(path, device, dtype))");
        _objective = objective;
        _runFolder = runFolder;
        if (config.Train.Threads > 0) set_num_threads(config.Train.Threads);
        _optimizer = new FlatAdamW(objective.Parameters, config.Train);
        _earlyStopping = new EarlyStopping(config.Train.EarlyStopPatience);
        Directory.CreateDirectory(runFolder);
        if (resumeFrom is not null) Restore(resumeFrom);
        else File.Delete(MetricsPath);
    }

    /// <summary>Raised after every update; <see cref="TrainProgress.Metric"/> carries val loss on evaluation steps.</summary>
    public event Action<TrainProgress>? StepCompleted;

    public string MetricsPath => Path.Combine(_runFolder, RunFiles.Metrics);

    /// <summary>The update at which training ends.</summary>
    public long MaxSteps => _config.Train.MaxSteps;

    /// <summary>Updates completed so far.</summary>
    public long Step => _step;

    /// <summary>Trains until max_steps, early stopping or cancellation; saves a checkpoint every checkpoint_interval and at the end.</summary>
    public TrainResult Train(CancellationToken cancellation = default)
    {
        var c = _config.Train;
        var clock = Stopwatch.StartNew();
        var trainSeconds = 0.0;
        var tokensPerStep = (double)_objective.TokensPerMicroBatch * c.GradAccum;
        var (windowTokens, windowSeconds, sessionSteps) = (0.0, 0.0, 0L);
        var checkpoint = Checkpoint.Locate(_runFolder) ?? "";
        MetricRecord? lastEval = null;
        var stoppedEarly = false;
        _objective.Model.train();
        foreach (var gpt in _objective.Model.modules().Prepend(_objective.Model).OfType<Gpt>()) gpt.RecomputeActivations = c.Recompute;
        using var cores = CoreShare.Join(c.Threads); // other GptLab trainers on this machine: share the cores, never fight for them

        if (_step == 0)
        {
            lastEval = Evaluate(new MetricRecord { Step = 0, Lr = LrSchedule.At(0, c) }, clock); // the untrained baseline
            MetricsLog.Append(MetricsPath, lastEval);
            _evaluations.Add(lastEval);
            _earlyStopping.Note(lastEval.ValLoss, _objective.Model, _step);
        }
        while (_step < c.MaxSteps && !cancellation.IsCancellationRequested && !stoppedEarly)
        {
            cores.Adjust();
            var lr = LrSchedule.At(_step, c);
            var started = clock.Elapsed.TotalSeconds;
            var (lossTensor, gradNormTensor) = TrainStep(lr);
            var seconds = clock.Elapsed.TotalSeconds - started;
            (trainSeconds, windowSeconds, windowTokens) = (trainSeconds + seconds, windowSeconds + seconds, windowTokens + tokensPerStep);
            sessionSteps++;
            _step++;
            var evalStep = _step % c.EvalInterval == 0 || _step == c.MaxSteps;
            var saveStep = _step % c.CheckpointInterval == 0 || _step == c.MaxSteps;
            // The host reads the loss only when it needs it, so a GPU never waits for it between log steps; the NaN
            // check comes with the read, and every step that saves is a read step: no non-finite model is saved.
            var read = ReadEveryStep || evalStep || saveStep || _step % c.LogInterval == 0 || cancellation.IsCancellationRequested;
            var (loss, gradNorm) = (double.NaN, double.NaN); // not read at this step
            using (lossTensor) using (gradNormTensor)
                if (read) (loss, gradNorm, HostReads) = (lossTensor.item<float>(), gradNormTensor.item<float>(), HostReads + 1);
            if (read && !double.IsFinite(loss))
                throw new GptLabException($"loss is {loss} at step {_step} (lr {lr:g3}): the learning rate is likely too high, gradients exploded (set grad_clip) or bf16 overflowed; lower --lr and start again ({SavedState()})");

            var metric = new MetricRecord
            {
                Step = _step, Loss = loss, Lr = lr, GradNorm = gradNorm,
                TokensPerS = windowTokens / Math.Max(windowSeconds, 1e-9),
                ElapsedS = _elapsedBefore + clock.Elapsed.TotalSeconds,
            };
            if (_objective is IRewardedObjective rewarded) metric = metric with { Reward = rewarded.LastStep.MeanReward, FlatGroups = rewarded.LastStep.FlatGroups };
            if (evalStep)
            {
                metric = lastEval = Evaluate(metric, clock);
                _evaluations.Add(metric);
                stoppedEarly = _earlyStopping.Note(metric.ValLoss, _objective.Model, _step);
            }
            if (evalStep || _step % c.LogInterval == 0)
            {
                MetricsLog.Append(MetricsPath, metric);
                (windowTokens, windowSeconds) = (0.0, 0.0);
            }
            if (_step % HeapTrimInterval == 0) NativeHeap.Trim(); // the allocator keeps freed activations otherwise (RSS grows)
            if (stoppedEarly) _earlyStopping.RestoreBest(_objective.Model); // the model ends with the best evaluation's weights
            if (saveStep || stoppedEarly) checkpoint = Save(metric, lastEval, clock, withBest: !stoppedEarly);
            var eta = TimeSpan.FromSeconds(trainSeconds / sessionSteps * (c.MaxSteps - _step));
            StepCompleted?.Invoke(new TrainProgress(_step, c.MaxSteps, metric, eta));
        }

        var interrupted = _step < c.MaxSteps && !stoppedEarly;
        if (interrupted) checkpoint = Save(new MetricRecord { Step = _step }, lastEval, clock, withBest: true);
        return new TrainResult(_step, lastEval?.TrainEvalLoss ?? _savedLosses.Train ?? double.NaN, lastEval?.ValLoss ?? _savedLosses.Val,
            sessionSteps * tokensPerStep / Math.Max(trainSeconds, 1e-9), _elapsedBefore + clock.Elapsed.TotalSeconds, checkpoint, interrupted, stoppedEarly,
            stoppedEarly ? _earlyStopping.BestStep : null, [.. _evaluations]);
    }

    /// <summary>The objective's evaluation on fixed train and val batches, in eval mode (no dropout), without gradients.</summary>
    public EvalResult Evaluate()
    {
        using (EvalMode.Enter(_objective.Model)) return _objective.Evaluate();
    }

    // Steps between returns of the C heap's free pages to the system: often enough to keep RSS flat, rare enough to cost nothing.
    private const int HeapTrimInterval = 100;

    /// <summary>
    /// Whether the host reads loss and gradient norm after every step (true on the CPU, where a read costs nothing) or
    /// only at log, evaluation and checkpoint steps (on a GPU, where each read waits for the queued kernels).
    /// </summary>
    internal bool ReadEveryStep { get; init; }

    /// <summary>Host reads of the step's loss so far (each one a synchronisation on a GPU).</summary>
    internal int HostReads { get; private set; }

    // One update. Loss and gradient norm come back as device scalars, detached, for the caller to read and dispose:
    // nothing in the step waits for the device.
    private (Tensor Loss, Tensor GradNorm) TrainStep(double lr)
    {
        var c = _config.Train;
        using var scope = NewDisposeScope();
        manual_seed(c.Seed + _step); // dropout masks depend on the step only: resuming replays them exactly
        _optimizer.ZeroGrad();
        var total = zeros(1, device: _objective.Device);
        for (var micro = 0; micro < c.GradAccum; micro++)
        {
            var loss = _objective.MicroBatchLoss(_step, micro) / c.GradAccum; // scaled so accumulated gradients are a mean
            loss.backward();
            total += loss.detach();
        }
        var gradNorm = _optimizer.ClipGradients(GradientClipping.Bound(c.GradClip));
        _optimizer.Step(lr);
        return (total.MoveToOuterDisposeScope(), gradNorm.MoveToOuterDisposeScope());
    }

    private MetricRecord Evaluate(MetricRecord metric, Stopwatch clock)
    {
        var e = Evaluate();
        return metric with
        {
            TrainEvalLoss = e.TrainLoss, ValLoss = e.ValLoss, TrainAccuracy = e.TrainAccuracy, ValAccuracy = e.ValAccuracy,
            TrainMargin = e.TrainMargin, ValMargin = e.ValMargin, ValKl = e.ValKl,
            ElapsedS = _elapsedBefore + clock.Elapsed.TotalSeconds,
        };
    }

    // withBest: the checkpoint also carries the best weights when they are not the current ones (early stopping).
    private string Save(MetricRecord metric, MetricRecord? lastEval, Stopwatch clock, bool withBest)
    {
        var meta = new CheckpointMeta
        {
            Config = _config,
            Tokenizer = _objective.Tokenizer.Kind,
            VocabSize = _objective.Tokenizer.VocabSize,
            Step = _step,
            TrainLoss = lastEval?.TrainEvalLoss ?? metric.Loss,
            ValLoss = lastEval?.ValLoss,
            ElapsedS = _elapsedBefore + clock.Elapsed.TotalSeconds,
            BestValLoss = _earlyStopping.BestValLoss,
            EvalsSinceBest = _earlyStopping.EvalsSinceBest,
            BestStep = _earlyStopping.BestStep,
        };
        return Checkpoint.Save(_runFolder, meta, folder =>
        {
            _objective.WriteModel(folder);
            if (withBest) _earlyStopping.SaveBest(folder, _step);
        }, _optimizer.Optimizer, MetricsPath);
    }

    private void Restore(Checkpoint from)
    {
        if (from.OptimizerPath is null)
            throw new GptLabException($"checkpoint '{from.Folder}' has no optimizer state, so it cannot be resumed exactly: start a new run");
        try
        {
            _optimizer.Load(from.OptimizerPath);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new GptLabException($"checkpoint '{from.Folder}': {RunFiles.Optimizer} is damaged ({e.GetType().Name}: {e.Message.Split('\n')[0]}); it cannot be resumed exactly: start a new run with another --name");
        }
        _step = from.Meta.Step;
        _elapsedBefore = from.Meta.ElapsedS;
        _savedLosses = (from.Meta.TrainLoss, from.Meta.ValLoss);
        _earlyStopping.Restore(from.Meta, from.Folder, _objective.Model);
        var savedMetrics = Path.Combine(from.Folder, RunFiles.Metrics);
        if (File.Exists(savedMetrics) && Path.GetFullPath(savedMetrics) != Path.GetFullPath(MetricsPath))
            File.Copy(savedMetrics, MetricsPath, overwrite: true); // drop lines written after the checkpoint
        _evaluations.AddRange(MetricsLog.Read(MetricsPath).Where(m => m.ValLoss is not null));
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _earlyStopping.Dispose();
    }

    // What a failed run leaves behind, for its error message: never claim a checkpoint that was not written.
    private string SavedState() =>
        Checkpoint.Locate(_runFolder) is { } saved ? $"the last checkpoint, {saved}, is intact" : $"no checkpoint was written to {_runFolder} yet";
}
