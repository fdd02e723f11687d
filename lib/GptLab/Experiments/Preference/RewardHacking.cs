using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;
using GptLab.Stages;

namespace GptLab.Experiments.Preference;

/// <summary>
/// RLHF, and what it optimises: the course assistant (its SFT run of the profile, per training seed) is tuned by RL on
/// the honesty questions with the rewards of a reward model it was given (trained from it on the honesty pairs, InstructGPT's
/// second step), without and with a KL penalty; beside it, the same RL with the true checker's rewards. On held-out
/// questions, before and after, the reward model's score of sampled answers (the proxy RL climbs) against the checker's
/// verdict (the truth: the fact about a known person, "I don't know." about a new one), and what the answers drifted to.
/// The unit of every interval is the person asked about; with <c>--seeds N</c>, the training seed.
/// </summary>
public sealed class RewardHacking : IExperiment
{
    public string Name => "rlhf";

    public string Summary => "RL against a learned reward model (RLHF) beside RL against the true checker, on the honesty questions: the reward model's score of held-out answers and the checker's verdict, before and after";

    /// <summary>β of the arm with a KL penalty.</summary>
    public const double KlBeta = 0.1;

    /// <summary>Answers sampled per held-out question, before and after (at temperature 1, the policy's own distribution).</summary>
    public const int Samples = 8;

    /// <summary>Longest answer RL samples, its end included: the longest honesty answer with room to spare.</summary>
    public const int MaxNewTokens = 24;

    private static readonly (string Name, string Rewards, double Beta)[] Arms =
        [("reward model", RlConfig.ModelRewards, 0), ($"reward model, β = {KlBeta}", RlConfig.ModelRewards, KlBeta), ("checker", RlConfig.CheckerRewards, 0)];

    /// <summary>How an arm's measures begin: "reward model, 100 steps".</summary>
    public static string Label(string arm, int steps) => $"{arm}, {steps} steps";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (assistant, _) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _1 = assistant;
        var rewardSettings = RewardModeling.Settings(context); // the reward model the reward-model experiment trains
        var pairs = rewardSettings.Reward!.Pairs;
        var rewardFolder = Path.Combine(context.Folder, "reward");
        double rewardAccuracy;
        using (var rewardStage = RewardStage.Open(RunFolder.At(rewardFolder), SettingsRequest.For(rewardSettings), assistant.Folder, context.Device, StartMode.Replace, "the rlhf experiment's reward model"))
        {
            context.Report?.Invoke($"training the reward model on {rewardStage.TrainPairs} pairs");
            rewardAccuracy = rewardStage.Train(test: false).Training.KeptEvaluation.ValAccuracy ?? double.NaN;
        }
        using var scorer = TrainedRewardModel.Load(rewardFolder, context.Device);

        // Twice the rl preset's length (cpu: 100 steps, chosen for arithmetic), read at its end and halfway: over-optimisation
        // is a matter of how far the proxy is climbed.
        var settings = ConfigResolver.Resolve(Stage.Rl, context.Profile);
        var (half, steps) = (settings.Train.MaxSteps, 2 * settings.Train.MaxSteps);
        settings = settings with
        {
            Train = settings.Train with { Seed = context.Seed, MaxSteps = steps },
            Rl = settings.Rl! with { Task = RlConfig.HonestyTask, Pairs = pairs, MaxNewTokens = MaxNewTokens },
        };
        var seed = context.Seed * 7919; // the same answer seeds before and after: the difference is the model's
        HeldOutAnswers? before = null;
        var arms = new List<(string Arm, HeldOutAnswers Halfway, HeldOutAnswers After, Training.TrainResult Training)>();
        foreach (var (arm, rewards, beta) in Arms)
        {
            var rl = settings.Rl with { Rewards = rewards, Beta = beta, RewardModel = rewards == RlConfig.ModelRewards ? rewardFolder : null };
            using var stage = RlStage.Open(RunFolder.At(Path.Combine(context.Folder, $"rl-{arms.Count}")), SettingsRequest.For(settings with { Rl = rl }),
                assistant.Folder, context.Device, StartMode.Replace, $"the rlhf experiment's {arm} arm");
            HeldOutAnswers Answers() => HeldOutAnswers.Sample(stage.Model, scorer, stage.Template, stage.Questions, Samples, seed);
            before ??= HeldOutAnswers.Sample(assistant.Model, scorer, stage.Template, stage.Questions, Samples, seed);
            HeldOutAnswers? halfway = null;
            stage.StepCompleted += p => { if (p.Step == half) halfway = Answers(); }; // the sampler draws from its own generator: training is unchanged
            context.Report?.Invoke($"RL on the honesty questions, rewards from the {arm}: {stage.MaxSteps} steps");
            var result = stage.Train(test: false);
            arms.Add((arm, halfway!, Answers(), result.Training));
        }

        var measures = new List<ExperimentMeasure>
        {
            ExperimentMeasure.Exact("the reward model: validation pairs ranked right", rewardAccuracy, "share of pairs (chance 0.5; one estimate)") with { Bounds = ExperimentMeasure.Probability },
        };
        before!.AddMeasures(measures, "SFT", context.Seed + 1);
        foreach (var at in new[] { half, steps })
        {
            HeldOutAnswers Pick(int arm) => at == steps ? arms[arm].After : arms[arm].Halfway;
            for (var i = 0; i < arms.Count; i++)
            {
                var (arm, answers) = (arms[i], Pick(i));
                var label = Label(arm.Arm, at);
                answers.AddMeasures(measures, label, context.Seed + 2);
                answers.AddDifferences(measures, before, label, context.Seed + 3);
                measures.Add(ExperimentMeasure.Exact($"{label}: KL to the SFT model", arm.Training.Evaluations.Last(e => e.Step <= at).ValKl ?? double.NaN,
                    "nats per token of the validation questions' right answers (one estimate)") with { Bounds = (0, double.PositiveInfinity) });
            }
            var (modelArm, checkerArm) = (Pick(0), Pick(arms.Count - 1));
            measures.Add(ExperimentMeasure.PairedDifference($"{Label(Arms[0].Name, at)} − checker: {HeldOutAnswers.KnownRightLabel}", modelArm.KnownRight, checkerArm.KnownRight, context.Seed + 4,
                "share of answers (paired by question)", modelArm.KnownUnits));
        }

        var validation = Charts.Lines(arms.Select(a => new Series($"rewards: {a.Arm}",
            [.. a.Training.Evaluations.Select(e => (double)e.Step)], [.. a.Training.Evaluations.Select(e => e.ValAccuracy ?? double.NaN)])),
            $"The checker's verdict on validation questions while RL climbs its rewards ({context.Profile})", "step", "share answered right (greedy)", markers: true);
        var proxy = Charts.Lines(arms.Select(a => new Series($"{a.Arm} (SFT, {half}, {steps} steps)", [before.MeanReward, a.Halfway.MeanReward, a.After.MeanReward],
            [before.KnownRight.Average(), a.Halfway.KnownRight.Average(), a.After.KnownRight.Average()])),
            "Held-out questions, from the SFT model along each arm", "reward model's mean score of the answers (the proxy)", $"{HeldOutAnswers.KnownRightLabel} (the truth)", markers: true);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = $"the reward model's mean score of {Samples} answers sampled per held-out question (temperature 1) and the checker's verdict on them, for the SFT model and after {half} and {steps} steps of RL against the reward model (β = 0 and {KlBeta}) and against the checker; 95% cluster-bootstrap intervals over people",
            Measures = measures,
            Baseline = measures.First(m => m.Name == $"SFT: {HeldOutAnswers.KnownRightLabel}"),
            HeldOut = "the held-out questions ask about the fine-tuning's test facts and about new people that no training pair, RL prompt or text mentions; the reward model never saw them either",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("validation", validation), ("proxy-and-truth", proxy)],
        };
    }
}
