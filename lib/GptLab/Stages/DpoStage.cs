using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Tokenization;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// Preference tuning by direct preference optimisation, the whole recipe: an SFT run loaded twice (the policy, tuned in
/// memory, and the frozen reference), the honesty pairs its fine-tuning data leaves room for (<see cref="HonestyPairs"/>),
/// the reference's log-probabilities computed once, the DPO or IPO loss trained with early stopping on the validation
/// pairs, then the held-out honesty test of the reference and of the tuned model. <c>gptlab dpo</c> runs it. The run
/// keeps its SFT run's sft section, so <c>gptlab chat</c> and <c>gptlab eval</c> treat it as the chat model it is.
/// </summary>
public sealed class DpoStage : TrainingStage
{
    private Checkpoint? _resumed;
    private DpoObjective _objective = null!;

    private DpoStage(RunFolder run, string owner) : base(run, owner)
    {
    }

    /// <summary>The SFT run the policy starts from (its weights are the ones tuned, in memory, unless resumed).</summary>
    public Checkpoint Base { get; private set; } = null!;

    /// <summary>The SFT model again, frozen: the reference of the loss and of the KL.</summary>
    public Checkpoint Reference { get; private set; } = null!;

    /// <summary>The model being tuned.</summary>
    public Gpt Model { get; private set; } = null!;

    public ChatTemplate Template { get; private set; } = null!;

    /// <summary>The training and validation pairs and the held-out test questions.</summary>
    public HonestyPairs Pairs { get; private set; } = null!;

    /// <summary>Training pairs the objective uses (those that fit the context).</summary>
    public int TrainPairs => _objective.TrainPairs;

    /// <summary>
    /// Opens run <paramref name="run"/> to tune the SFT run in <paramref name="baseFolder"/> with <paramref name="settings"/>.
    /// A resumed run keeps every setting it started with.
    /// </summary>
    public static DpoStage Open(RunFolder run, SettingsRequest settings, string baseFolder, Device device, StartMode start = StartMode.New, string owner = "gptlab dpo")
    {
        var resolved = ConfigResolver.Resolve(settings); // bad settings fail before the run folder is touched
        return Opened(new DpoStage(run, owner), stage => stage.Load(settings, resolved, baseFolder, device, start));
    }

    /// <summary>Tunes until the epochs end or the validation loss stops improving, then (with <paramref name="test"/>) asks the held-out questions.</summary>
    public DpoResult Train(CancellationToken cancellation = default, bool test = true)
    {
        var before = ChatEvaluation.Run(Reference.Model, Template, Pairs.Test);
        var training = TrainObjective(_objective, _resumed, cancellation);
        return new DpoResult(training, before, test && !training.Interrupted ? ChatEvaluation.Run(Model, Template, Pairs.Test) : null);
    }

    /// <summary>
    /// The run config of tuning <paramref name="sftRun"/> with <paramref name="profile"/> (the resolved dpo settings): the
    /// SFT run's model shape, data and sft section, the profile's training settings, precision and dpo section, stage
    /// "dpo", parent the SFT run.
    /// </summary>
    public static RunConfig Configure(Checkpoint sftRun, RunConfig profile)
    {
        var s = sftRun.Meta.Config;
        return (profile with
        {
            Model = s.Model, Data = s.Data, Sft = PreferenceData.RequireSft(s, sftRun.Folder, "dpo"), Stage = Stage.Dpo, Parent = Path.GetFullPath(sftRun.Folder),
            Dpo = profile.Dpo ?? new DpoConfig(),
        }).Validate();
    }

    private void Load(SettingsRequest settings, RunConfig resolved, string baseFolder, Device device, StartMode start)
    {
        _resumed = RunStart.Open(Run, start, device);
        if (_resumed is not null) Own(_resumed);
        var dtype = _resumed?.Meta.Config.Dtype ?? resolved.Dtype;
        Base = Own(RunStart.LoadBase(baseFolder, device, dtype));
        var config = _resumed is not null ? ConfigResolver.Resume(_resumed.Meta.Config, settings, out _) : Configure(Base, resolved);
        if (_resumed is not null && Path.GetFullPath(Base.Folder) != config.Parent)
            throw new GptLabException($"--resume: run '{Run.Name}' tunes {config.Parent}, not {Path.GetFullPath(Base.Folder)}: pass that run to --base");
        Reference = Own(Checkpoint.LoadLanguageModel(baseFolder, device, dtype));
        var dpo = config.Dpo ?? throw new GptLabException("the run config has no dpo section: it is not a preference tuning run");
        Model = _resumed?.Model ?? Base.Model;
        Template = SupervisedStage.TemplateFor(_resumed?.Tokenizer ?? Base.Tokenizer, config);
        Pairs = PreferenceData.Honesty(config.Sft!, dpo.Pairs);
        _objective = new DpoObjective(Model, Reference.Model, Template, Pairs.Train, Pairs.Validation, config.Train, dpo.Beta, dpo.Loss, device);
        var steps = _resumed?.Meta.Config.Train.MaxSteps ?? config.Train.StepsFor(dpo.Epochs, _objective.TrainPairs);
        Config = config with { Train = config.Train with { MaxSteps = steps } };
        TorchRuntime.Seed(Config.Train.Seed);
    }
}
