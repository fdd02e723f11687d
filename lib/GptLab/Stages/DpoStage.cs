using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// Preference tuning by direct preference optimisation, the whole recipe: an SFT run loaded twice (the policy, tuned in
/// memory, and the frozen reference), the pairs (<see cref="PreferenceData.ForDpo"/>: the honesty pairs its fine-tuning
/// data leaves room for, or pairs mined from the reference's own right and wrong answers to arithmetic past its
/// operands), the reference's log-probabilities computed once, the DPO or IPO loss trained with early stopping on the
/// validation pairs, then the held-out test (greedy answers) of the reference and of the tuned model. <c>gptlab dpo</c> runs it. The run
/// keeps its SFT run's sft section, so <c>gptlab chat</c> and <c>gptlab eval</c> treat it as the chat model it is.
/// </summary>
public sealed class DpoStage : PolicyTuningStage
{
    private DpoObjective _objective = null!;

    private DpoStage(RunFolder run, string owner) : base(run, owner)
    {
    }

    /// <summary>The training and validation pairs and the held-out test questions with their units.</summary>
    public PreferenceSplit Pairs { get; private set; } = null!;

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

    /// <summary>
    /// Tunes until the epochs end or the validation loss stops improving; asks the reference and the tuned model the
    /// validation questions (greedy), and with <paramref name="test"/> the held-out ones.
    /// </summary>
    public DpoResult Train(CancellationToken cancellation = default, bool test = true)
    {
        var (before, validationBefore) = (ChatEvaluation.Run(Reference.Model, Template, Pairs.Test), ChatEvaluation.Run(Reference.Model, Template, Pairs.ValidationQuestions));
        var training = TrainObjective(_objective, Resumed, cancellation);
        return training.Interrupted
            ? new DpoResult(training, before, null, validationBefore, null)
            : new DpoResult(training, before, test ? ChatEvaluation.Run(Model, Template, Pairs.Test) : null, validationBefore, ChatEvaluation.Run(Model, Template, Pairs.ValidationQuestions));
    }

    /// <summary>
    /// The run config of tuning <paramref name="sftRun"/> with <paramref name="profile"/> (the resolved dpo settings): the
    /// SFT run's model shape, data and sft section, the profile's training settings, precision and dpo section, stage
    /// "dpo", parent the SFT run.
    /// </summary>
    public static RunConfig Configure(Checkpoint sftRun, RunConfig profile) =>
        (PreferenceData.Inherit(sftRun, profile, Stage.Dpo) with { Dpo = profile.Dpo ?? new DpoConfig() }).Validate();

    private void Load(SettingsRequest settings, RunConfig resolved, string baseFolder, Device device, StartMode start)
    {
        var config = LoadPolicy(settings, resolved, baseFolder, device, start, Configure);
        var dpo = config.Dpo ?? throw new GptLabException("the run config has no dpo section: it is not a preference tuning run");
        Pairs = PreferenceData.ForDpo(config, Reference.Model, Template);
        _objective = new DpoObjective(Model, Reference.Model, Template, Pairs.Train, Pairs.Validation, config.Train, dpo.Beta, dpo.Loss, device, dpo.Nll);
        config.CheckActivations(2L * config.Train.BatchSize, _objective.LongestSequence, $"pairs of up to {_objective.LongestSequence} tokens (two conversations each)");
        var steps = Resumed?.Meta.Config.Train.MaxSteps ?? config.Train.StepsFor(dpo.Epochs, _objective.TrainPairs);
        Config = config with { Train = config.Train with { MaxSteps = steps } };
        TorchRuntime.Seed(Config.Train.Seed);
    }
}
