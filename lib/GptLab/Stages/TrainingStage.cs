using GptLab.Configuration;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// What every stage shares: its run folder, held by its lock from opening to disposal; its resolved settings; the step
/// events of the one <see cref="Trainer"/> loop. A stage type owns its whole recipe (settings, data, model, training,
/// evaluation, checkpoint); the CLI verbs, the notebooks, the course models, the lab and the benchmark open one, may
/// listen to <see cref="StepCompleted"/>, and call its <c>Train</c>.
/// </summary>
public abstract class TrainingStage : IDisposable
{
    private readonly RunLock _lock;
    private readonly List<IDisposable> _owned = [];

    protected TrainingStage(RunFolder run, string owner)
    {
        Run = run;
        _lock = run.Lock(owner);
    }

    public RunFolder Run { get; }

    /// <summary>The settings the run trains with, resolved once (derived values included: vocabulary size, run length).</summary>
    public RunConfig Config { get; protected set; } = null!;

    /// <summary>What <c>dtype: auto</c> became and why, when the run asked for it; null otherwise.</summary>
    public PrecisionChoice? DtypeChoice { get; private set; }

    /// <summary>
    /// <paramref name="resolved"/> with <c>dtype: auto</c> made a precision by timing a model of <paramref name="shape"/>
    /// (<see cref="PrecisionChoice"/>), before a model is built and the config saved; any other dtype as it is.
    /// </summary>
    protected RunConfig Settled(RunConfig resolved, GptConfig shape, Device device)
    {
        if (resolved.Dtype != Precision.Auto) return resolved;
        DtypeChoice = PrecisionChoice.For(shape, resolved.Train, device);
        return resolved with { Dtype = DtypeChoice.Dtype };
    }

    /// <summary><see cref="Settled(RunConfig, GptConfig, Device)"/> for a fine-tuning of the run in <paramref name="baseFolder"/>, read for its shape.</summary>
    protected RunConfig Settled(RunConfig resolved, string baseFolder, Device device) =>
        resolved.Dtype != Precision.Auto || Checkpoint.Locate(baseFolder) is not { } folder
            ? resolved // a missing base fails at its loading, naming the fix
            : Settled(resolved, CheckpointMeta.Read(Path.Combine(folder, RunFiles.Config)).Config.Model, device);

    /// <summary>The update at which training ends.</summary>
    public long MaxSteps => Config.Train.MaxSteps;

    /// <summary>Raised after every update; <see cref="TrainProgress.Metric"/> carries the evaluation on evaluation steps.</summary>
    public event Action<TrainProgress>? StepCompleted;

    /// <summary>Disposed with the stage (models and checkpoints the stage made or loaded).</summary>
    protected T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>
    /// Adds the LoRA adapters <paramref name="train"/> asks for (train.lora_rank; none at 0) to <paramref name="model"/>,
    /// which freezes its weights (<see cref="Gpt.AddAdapters"/>); the adapters' initial A is the training seed's.
    /// </summary>
    protected static void AddAdapters(Gpt model, TrainConfig train)
    {
        if (train.LoraRank == 0) return;
        TorchRuntime.Seed(train.Seed);
        model.AddAdapters(train.LoraRank, train.LoraAlpha);
    }

    /// <summary>Trains <paramref name="objective"/> with <see cref="Config"/> into the run folder, continuing <paramref name="resumeFrom"/> when given.</summary>
    protected TrainResult TrainObjective(ITrainingObjective objective, Checkpoint? resumeFrom, CancellationToken cancellation)
    {
        using var trainer = new Trainer(objective, Config, Run.Path, resumeFrom);
        trainer.StepCompleted += p => StepCompleted?.Invoke(p);
        return trainer.Train(cancellation);
    }

    /// <summary>
    /// Builds a stage with <paramref name="open"/>; when opening fails the stage is disposed (its lock released) before the
    /// error goes on.
    /// </summary>
    protected static TStage Opened<TStage>(TStage stage, Action<TStage> open) where TStage : TrainingStage
    {
        try
        {
            open(stage);
            return stage;
        }
        catch
        {
            stage.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
        _lock.Dispose();
        GC.SuppressFinalize(this);
    }
}
