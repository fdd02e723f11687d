using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// A reward model, the whole recipe (InstructGPT's second step): an SFT run loaded with a fresh scalar head
/// (<see cref="GptRewardModel"/>), the honesty pairs its fine-tuning data leaves room for, the Bradley–Terry loss trained
/// with early stopping on the validation pairs, then the held-out test pairs ranked. <c>gptlab reward</c> runs it;
/// <see cref="TrainedRewardModel"/> loads the result. The run keeps its SFT run's sft section (its chat template).
/// </summary>
public sealed class RewardStage : TrainingStage
{
    private Checkpoint? _resumed;
    private RewardObjective _objective = null!;

    private RewardStage(RunFolder run, string owner) : base(run, owner)
    {
    }

    /// <summary>The SFT model with the reward head.</summary>
    public GptRewardModel Model { get; private set; } = null!;

    public ChatTemplate Template { get; private set; } = null!;

    /// <summary>The training and validation pairs and the held-out test pairs.</summary>
    public HonestyPairs Pairs { get; private set; } = null!;

    /// <summary>Training pairs the objective uses (those that fit the context).</summary>
    public int TrainPairs => _objective.TrainPairs;

    /// <summary>Opens run <paramref name="run"/> to train a reward model from the SFT run in <paramref name="baseFolder"/>.</summary>
    public static RewardStage Open(RunFolder run, SettingsRequest settings, string baseFolder, Device device, StartMode start = StartMode.New, string owner = "gptlab reward")
    {
        var resolved = ConfigResolver.Resolve(settings); // bad settings fail before the run folder is touched
        return Opened(new RewardStage(run, owner), stage => stage.Load(settings, resolved, baseFolder, device, start));
    }

    /// <summary>Trains until the epochs end or the validation loss stops improving, then (with <paramref name="test"/>) ranks the held-out pairs.</summary>
    public RewardResult Train(CancellationToken cancellation = default, bool test = true)
    {
        var training = TrainObjective(_objective, _resumed, cancellation);
        if (!test || training.Interrupted) return new RewardResult(training, Pairs.TestPairs, []);
        var n = Pairs.TestPairs.Count;
        var rewards = RewardObjective.Rewards(Model, [.. Pairs.TestPairs.Select(p => Template.Render(p.WithChosen)), .. Pairs.TestPairs.Select(p => Template.Render(p.WithRejected))], Config.Train.BatchSize);
        var right = Enumerable.Range(0, n).Select(i => rewards[i] - rewards[n + i] > PreferenceLoss.TieMargin).ToList();
        return new RewardResult(training, Pairs.TestPairs, right);
    }

    /// <summary>The run config of a reward model from <paramref name="sftRun"/>: its shape, data and sft section; the profile's training, precision and reward section.</summary>
    public static RunConfig Configure(Checkpoint sftRun, RunConfig profile) =>
        (PreferenceData.Inherit(sftRun, profile, Stage.Reward) with { Reward = profile.Reward ?? new RewardConfig() }).Validate();

    private void Load(SettingsRequest settings, RunConfig resolved, string baseFolder, Device device, StartMode start)
    {
        _resumed = RunStart.Open(Run, start, device);
        if (_resumed is not null) Own(_resumed);
        resolved = Settled(resolved, baseFolder, device);
        var sftRun = Own(RunStart.LoadBase(baseFolder, device, _resumed?.Meta.Config.Dtype ?? resolved.Dtype));
        var config = _resumed is not null ? ConfigResolver.Resume(_resumed.Meta.Config, settings, out _) : Configure(sftRun, resolved);
        var reward = config.Reward ?? throw new GptLabException("the run config has no reward section: it is not a reward model run");
        Model = new GptRewardModel(_resumed?.Model ?? sftRun.Model);
        Own(Model.Head);
        if (_resumed is not null) Model.Head.load_safetensors(Path.Combine(_resumed.Folder, RunFiles.RewardHead), strict: true);
        Template = SupervisedStage.TemplateFor(_resumed?.Tokenizer ?? sftRun.Tokenizer, config);
        Pairs = PreferenceData.Honesty(config.Sft!, reward.Pairs);
        _objective = new RewardObjective(Model, Template, Pairs.Train, Pairs.Validation, config.Train, device);
        var steps = _resumed?.Meta.Config.Train.MaxSteps ?? config.Train.StepsFor(reward.Epochs, _objective.TrainPairs);
        Config = config with { Train = config.Train with { MaxSteps = steps } };
        TorchRuntime.Seed(Config.Train.Seed);
    }
}
