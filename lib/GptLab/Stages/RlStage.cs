using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// Reinforcement learning of an SFT run, the whole recipe: the SFT run loaded twice (the policy, tuned in memory, and the
/// frozen reference), the task's questions split by item (arithmetic just beyond the range fine-tuning taught,
/// <see cref="ArithmeticBeyond"/>; or the honesty pairs' questions), trained on some, watched on others, tested on
/// held-out ones that RL never rewards; <see cref="GroupRewardObjective"/> for max_steps with the checker's rewards
/// (verifiable) or a learned reward model's (RLHF, InstructGPT's third step); then pass@k by the checker on the held-out
/// questions before and after. <c>gptlab rl</c> runs it. The run keeps its SFT run's sft section, so <c>gptlab chat</c>
/// and <c>gptlab eval</c> treat it as the chat model it is.
/// </summary>
public sealed class RlStage : PolicyTuningStage
{
    private GroupRewardObjective _objective = null!;

    private RlStage(RunFolder run, string owner) : base(run, owner)
    {
    }

    /// <summary>The questions: trained on, watched while training, and held out for pass@k.</summary>
    public VerifiableQuestions Questions { get; private set; } = null!;

    /// <summary>The held-out questions of pass@k.</summary>
    public IReadOnlyList<ChatExample> Test => Questions.Test;

    /// <summary>Training prompts the objective uses.</summary>
    public int TrainPrompts => _objective.TrainPrompts;

    /// <summary>Opens run <paramref name="run"/> to tune the SFT run in <paramref name="baseFolder"/>; a resumed run keeps every setting it started with.</summary>
    public static RlStage Open(RunFolder run, SettingsRequest settings, string baseFolder, Device device, StartMode start = StartMode.New, string owner = "gptlab rl")
    {
        var resolved = ConfigResolver.Resolve(settings); // bad settings fail before the run folder is touched
        return Opened(new RlStage(run, owner), stage => stage.Load(settings, resolved, baseFolder, device, start));
    }

    /// <summary>Trains for max_steps, then (with <paramref name="test"/>) samples the held-out questions again.</summary>
    public RlResult Train(CancellationToken cancellation = default, bool test = true)
    {
        var rl = Config.Rl!;
        int[] Right(Gpt model) => PassAtK.RightCounts(model, Template, Test, rl.TestSamples, rl.Temperature, rl.MaxNewTokens, TestAnswerSeed(Config.Train.Seed));
        var before = Right(Reference.Model);
        var training = TrainObjective(_objective, Resumed, cancellation);
        var (groups, flat) = _objective.GroupsSoFar;
        return new RlResult(training, Test, rl.TestSamples, before, test && !training.Interrupted ? Right(Model) : null, (double)flat / Math.Max(1, groups));
    }

    /// <summary>
    /// The seed of the held-out answers of a run with training seed <paramref name="trainingSeed"/>, the same before and
    /// after tuning, so the difference is the model's; another model sampled with it is paired with the run by question.
    /// </summary>
    public static long TestAnswerSeed(long trainingSeed) => trainingSeed * 7919;

    /// <summary>
    /// The run config of tuning <paramref name="sftRun"/> with <paramref name="profile"/> (the resolved rl settings): the
    /// SFT run's model shape, data and sft section, the profile's training settings, precision and rl section, stage
    /// "rl", parent the SFT run.
    /// </summary>
    public static RunConfig Configure(Checkpoint sftRun, RunConfig profile) =>
        (PreferenceData.Inherit(sftRun, profile, Stage.Rl) with { Rl = AbsoluteRewardModel(profile.Rl ?? new RlConfig()) }).Validate();

    // The reward run as an absolute path: a resumed run finds it from any working folder.
    private static RlConfig AbsoluteRewardModel(RlConfig rl) => rl.RewardModel is { } folder ? rl with { RewardModel = Path.GetFullPath(folder) } : rl;

    /// <summary>
    /// The questions of run config <paramref name="config"/>'s rl section: arithmetic beyond fine-tuning's range, split by
    /// operand pair; or the honesty pairs' questions for its SFT data, split by person.
    /// </summary>
    public static VerifiableQuestions QuestionsFor(RunConfig config)
    {
        var rl = config.Rl!;
        return rl.Task == RlConfig.HonestyTask
            ? PreferenceData.Honesty(config.Sft ?? throw new GptLabException("the rl run's config has no sft section: start it from an SFT run"), rl.Pairs).Questions()
            : PreferenceData.Arithmetic(rl.Arithmetic);
    }

    private void Load(SettingsRequest settings, RunConfig resolved, string baseFolder, Device device, StartMode start)
    {
        var config = LoadPolicy(settings, resolved, baseFolder, device, start, Configure);
        var rl = config.Rl ?? throw new GptLabException("the run config has no rl section: it is not a reinforcement learning run");
        Func<IReadOnlyList<(ChatExample Example, SampledAnswer Answer)>, float[]>? rewards = null;
        if (rl.Rewards == RlConfig.ModelRewards)
        {
            // RLHF: the reward run's model scores each answer. RL asks the questions of the pairs it learned from, so that
            // its held-out questions are held out from both; those pairs must be of this SFT run.
            var scorer = Own(TrainedRewardModel.Load(rl.RewardModel!, device));
            if (scorer.Config.Parent != config.Parent)
                throw new GptLabException($"the reward model {rl.RewardModel} was trained from {scorer.Config.Parent}, but this run tunes {config.Parent}: " +
                    $"train one from this SFT run with `gptlab reward --base <sft run>`");
            config = config with { Rl = rl = rl with { Pairs = scorer.Config.Reward!.Pairs } };
            rewards = answers => [.. scorer.Score(answers).Select(r => (float)r)];
        }
        Questions = QuestionsFor(config);
        _objective = new GroupRewardObjective(Model, Reference.Model, Template, Questions.Train, Questions.Validation, config.Train, rl, device, rewards);
        config.CheckActivations((long)config.Train.BatchSize * rl.Group, _objective.LongestSequence, $"group={rl.Group} answers of up to {_objective.LongestSequence} tokens per prompt");
        Config = config;
        TorchRuntime.Seed(Config.Train.Seed);
    }
}
