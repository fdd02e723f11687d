using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Tokenization;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// Generative pretraining, the whole recipe (nanoGPT's prepare.py and train.py): settings resolved once (a resumed run
/// keeps its own), the corpus encoded into the run's data folder (with mid-training's instruction conversations when the
/// settings name them), the vocabulary size taken from the tokenizer, the model built (or restored, or started from
/// given weights), trained, evaluated and checkpointed. <c>gptlab pretrain</c>, <c>gptlab prepare</c>, the course models,
/// the lab's models, the benchmark and the notebooks all run it.
/// </summary>
public sealed class PretrainingStage : TrainingStage
{
    private Checkpoint? _resumed;
    private Device _device = CPU;

    private PretrainingStage(RunFolder run, string owner) : base(run, owner)
    {
    }

    /// <summary>The prepared data: tokenizer, training and validation tokens.</summary>
    public TokenDataset Data { get; private set; } = null!;

    /// <summary>The model being trained (the stage disposes it).</summary>
    public Gpt Model { get; private set; } = null!;

    /// <summary>Where a resumed run stood when it was opened; null for a new run.</summary>
    public CheckpointMeta? Resumed => _resumed?.Meta;

    /// <summary>The settings a resumed run changed ("train.max_steps 2500 → 3000"); empty for a new run.</summary>
    public IReadOnlyList<string> Changes { get; private set; } = [];

    /// <summary>True when the run is already at its last step: <see cref="Train"/> has nothing to do.</summary>
    public bool Finished => _resumed is not null && _resumed.Meta.Step >= MaxSteps;

    /// <summary>
    /// Opens run <paramref name="run"/> for pretraining with <paramref name="settings"/>: takes its lock, continues or
    /// refuses its checkpoint as <paramref name="start"/> says, prepares the data and builds the model. Dispose it to
    /// release the run.
    /// </summary>
    public static PretrainingStage Open(RunFolder run, SettingsRequest settings, Device device, StartMode start = StartMode.New, PretrainingInputs? inputs = null)
    {
        inputs ??= new PretrainingInputs();
        var resolved = ConfigResolver.Resolve(settings); // bad settings fail before the run folder is touched
        return Opened(new PretrainingStage(run, inputs.Owner), stage => stage.Load(settings, resolved, device, start, inputs));
    }

    /// <summary>
    /// The data step of every pretraining run: the corpus encoded into <paramref name="run"/>'s data folder (reused when
    /// it already holds the same corpus and settings), mid-training's conversations appended to the training split when
    /// the settings name them. With <paramref name="tokenizer"/> the corpus is encoded with it instead of a new one.
    /// </summary>
    public static TokenDataset PrepareData(DataConfig data, RunFolder run, ITokenizer? tokenizer = null)
    {
        if (tokenizer is not null) return TokenDataset.Prepare(data.Corpus, tokenizer, data.ValFraction, run.Data);
        return data.Instructions is { } mix
            ? TokenDataset.Prepare(data, run.Data, t => MidTraining.Tokens(t, mix))
            : TokenDataset.Prepare(data, run.Data);
    }

    /// <summary>Trains until max_steps (or cancellation, which saves a checkpoint); the result carries every evaluation.</summary>
    public TrainResult Train(CancellationToken cancellation = default) =>
        TrainObjective(new LanguageModelObjective(Model, Data, Config.Train, _device), _resumed, cancellation);

    // A resumed run trains on exactly the data it started with: the run's prepared folder, never its corpus read and
    // encoded again (an edited corpus would shift the ids under the weights), and only while its tokenizer is the
    // checkpoint's. Anything else is refused before a file changes.
    private TokenDataset DataItStartedWith(Checkpoint resumed)
    {
        if (AtomicFolder.Find(Run.Data, RunFiles.DataMeta) is null)
            throw new GptLabException($"--resume: run '{Run.Name}' has no prepared data in {Run.Data}, and a resumed run trains only on the data it started with: restore that folder, or start a new run with another --name");
        var data = TokenDataset.Open(Run.Data);
        var (saved, prepared) = (Path.Combine(resumed.Folder, RunFiles.Tokenizer), Path.Combine(data.Folder, RunFiles.Tokenizer));
        if (!File.ReadAllBytes(saved).AsSpan().SequenceEqual(File.ReadAllBytes(prepared)))
            throw new GptLabException($"--resume: the prepared data of run '{Run.Name}' ({data.Folder}) was encoded with another tokenizer than its checkpoint's (was it prepared again from another corpus?): restore the data the run started with, or start a new run with another --name");
        return data;
    }

    private void Load(SettingsRequest settings, RunConfig resolved, Device device, StartMode start, PretrainingInputs inputs)
    {
        _device = device;
        _resumed = RunStart.Open(Run, start, device);
        if (_resumed is not null) Own(_resumed);
        var changes = (IReadOnlyList<string>)[];
        var config = _resumed is null ? resolved : ConfigResolver.Resume(_resumed.Meta.Config, settings, out changes);
        Changes = changes;
        Data = _resumed is null ? PrepareData(config.Data, Run, inputs.Tokenizer) : DataItStartedWith(_resumed);
        Config = config.WithVocabSize(Data.Tokenizer.VocabSize);
        Config = Settled(Config, Config.Model, device); // a resumed run's dtype is its own, never auto
        TorchRuntime.Seed(Config.Train.Seed);
        Model = _resumed?.Model ?? Own(Config.CreateModel());
        if (inputs.Weights is { } weights && _resumed is null) Model.load_state_dict(weights.state_dict()); // copied in place
    }
}
