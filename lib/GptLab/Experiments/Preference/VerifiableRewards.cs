using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;
using GptLab.Stages;
using GptLab.Training;

namespace GptLab.Experiments.Preference;

/// <summary>
/// Reinforcement learning with verifiable rewards, measured: the course assistant (its SFT run of the profile, per
/// training seed) samples answers to arithmetic just beyond the 0–20 fine-tuning taught, and the checker's rewards
/// tune it (<see cref="RlStage"/>). Does held-out pass@1 rise? Does pass@16 rise with it, or does RL only make the
/// model sample more often the answers it could already give (Yue et al. 2025)? With no KL penalty (β = 0, nanochat's
/// choice) and with one (β = <see cref="KlBeta"/>): how far each moves from the SFT model (KL) and what pretraining it
/// forgets. The null condition: the same training with the rewards shuffled across each step's answers. The unit of every
/// interval is the operand pair asked about; with <c>--seeds N</c>, the training seed.
/// </summary>
public sealed class VerifiableRewards : IExperiment
{
    public string Name => "rl";

    public string Summary => "RL with verifiable rewards on arithmetic beyond the fine-tuned range: held-out pass@1 and pass@16 before and after, β = 0 against a KL penalty, and shuffled rewards as the null";

    /// <summary>β of the arm with a KL penalty.</summary>
    public const double KlBeta = 0.1;

    private static readonly (string Name, double Beta, string Rewards)[] Arms =
        [("β = 0", 0, RlConfig.CheckerRewards), ($"β = {KlBeta}", KlBeta, RlConfig.CheckerRewards), ("shuffled rewards", 0, RlConfig.ShuffledRewards)];

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (assistant, _) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _1 = assistant;
        using var chatBase = Checkpoint.LoadLanguageModel(assistant.Meta.Config.Parent!, context.Device);
        var settings = ConfigResolver.Resolve(Stage.Rl, context.Profile);
        settings = settings with { Train = settings.Train with { Seed = context.Seed }, Rl = settings.Rl! with { DataSeed = context.DataSeed } };

        var runs = new List<(string Arm, RlResult Result, double Forgetting, double FlatShare)>();
        IReadOnlyList<int> testUnits = [];
        foreach (var (arm, beta, rewards) in Arms)
        {
            using var stage = RlStage.Open(RunFolder.At(Path.Combine(context.Folder, $"rl-{runs.Count}")), SettingsRequest.For(settings with { Rl = settings.Rl with { Beta = beta, Rewards = rewards } }),
                assistant.Folder, context.Device, StartMode.Replace, $"the rl experiment's {arm}");
            context.Report?.Invoke($"RL on arithmetic, {arm}: {stage.MaxSteps} steps");
            var result = stage.Train();
            testUnits = stage.Questions.TestUnits;
            runs.Add((arm, result, SupervisedStage.PretrainingValLoss(stage.Model, chatBase, context.Device), result.FlatGroupShare));
        }
        var sftForgetting = SupervisedStage.PretrainingValLoss(assistant.Model, chatBase, context.Device);
        var first = runs[0].Result;
        var (n, units) = (first.Samples, UnitLabels.Of(testUnits));
        double[] PassOne(int[] right) => [.. right.Select(c => PassAtK.Estimate(n, c, 1))];
        double[] PassN(int[] right) => [.. right.Select(c => PassAtK.Estimate(n, c, n))];
        const string perQuestion = "share of held-out questions (pass@k: the chance one of k sampled answers is right)";

        var measures = new List<ExperimentMeasure>
        {
            ExperimentMeasure.Mean("SFT: pass@1", PassOne(first.RightBefore), context.Seed + 1, perQuestion, units, ExperimentMeasure.Probability),
            ExperimentMeasure.Mean($"SFT: pass@{n}", PassN(first.RightBefore), context.Seed + 2, perQuestion, units, ExperimentMeasure.Probability),
        };
        foreach (var (arm, result, forgetting, flatShare) in runs)
        {
            var after = result.RightAfter!;
            var last = result.Training.Evaluations[^1];
            // The shuffled arm's gains are the null condition (about 0); its drift and forgetting are real effects of noise.
            var gain = result.Equals(runs[^1].Result) ? NullPrefix : "";
            measures.AddRange(
            [
                ExperimentMeasure.Mean($"{arm}: pass@1", PassOne(after), context.Seed + 3, perQuestion, units, ExperimentMeasure.Probability),
                ExperimentMeasure.PairedDifference($"{gain}{arm} − SFT: pass@1", PassOne(after), PassOne(first.RightBefore), context.Seed + 4, "share of held-out questions (paired by question)", units),
                ExperimentMeasure.Mean($"{arm}: pass@{n}", PassN(after), context.Seed + 5, perQuestion, units, ExperimentMeasure.Probability),
                ExperimentMeasure.PairedDifference($"{gain}{arm} − SFT: pass@{n}", PassN(after), PassN(first.RightBefore), context.Seed + 6, "share of held-out questions (paired by question)", units),
                ExperimentMeasure.Exact($"{arm}: KL to the SFT model", last.ValKl ?? double.NaN, "nats per token of the validation questions' right answers (one estimate)") with { Bounds = (0, double.PositiveInfinity) },
                ExperimentMeasure.Exact($"{arm} − SFT: pretraining val loss", forgetting - sftForgetting, "nats per token (forgetting; one estimate)"),
                ExperimentMeasure.Exact($"{arm}: groups with no signal", flatShare, "share of training groups whose answers were all rewarded alike (one estimate)") with { Bounds = ExperimentMeasure.Probability },
            ]);
        }

        double[] ks = [.. Enumerable.Range(1, n).Select(k => (double)k)];
        var passCurves = Charts.Lines(
        [
            new Series("SFT", ks, first.PassBefore),
            .. runs.Select(r => new Series($"RL, {r.Arm}", ks, r.Result.PassAfter!)),
        ], $"pass@k on held-out arithmetic beyond the fine-tuned range ({context.Profile})", "answers sampled (k)", "pass@k", markers: true, logX: true);
        var training = Charts.Lines(runs.Select(r => new Series(r.Arm,
            [.. r.Result.Training.Evaluations.Select(e => (double)e.Step)], [.. r.Result.Training.Evaluations.Select(e => e.ValAccuracy ?? double.NaN)])),
            "Validation questions while training", "step", "share answered right (greedy)", markers: true);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = $"pass@1 and pass@{n} ({n} answers per held-out question at temperature {settings.Rl.Temperature}) of the SFT assistant and after RL against the arithmetic checker, without and with a KL penalty, and with shuffled rewards (the null); 95% cluster-bootstrap intervals over operand pairs; KL to the SFT model and forgetting of the pretraining loss at the end",
            Measures = measures,
            Baseline = measures[0],
            HeldOut = $"the test's {units.Distinct().Count()} operand pairs (operands up to {settings.Rl.LargestOperand}, at least one above 20) are in no RL training question in any wording, and fine-tuning asked no operand above 20",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("pass-at-k", passCurves), ("validation", training)],
        };
    }

    /// <summary>How the null condition's measures begin: the gains of the arm whose rewards are shuffled.</summary>
    public const string NullPrefix = "null: ";
}
