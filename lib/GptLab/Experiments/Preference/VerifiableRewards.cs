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
/// forgets. The null condition: the same training with the rewards shuffled across each step's answers. Beside RL, the
/// offline way to learn from the same checker: DPO on pairs of the assistant's own right and wrong answers, mined once
/// before tuning (<see cref="DpoStage"/>), alone and with the chosen answer's NLL (Pang et al. 2024 found DPO alone makes
/// little of such pairs on reasoning tasks). The unit of every interval is the operand pair asked about; with
/// <c>--seeds N</c>, the training seed.
/// </summary>
public sealed class VerifiableRewards : IExperiment
{
    public string Name => "rl";

    public string Summary => "RL with verifiable rewards on arithmetic beyond the fine-tuned range: held-out pass@1 and pass@16 before and after, β = 0 against a KL penalty, shuffled rewards as the null, and DPO on the assistant's own right and wrong answers beside it";

    /// <summary>β of the arm with a KL penalty.</summary>
    public const double KlBeta = 0.1;

    /// <summary>Passes of the DPO arms over their mined pairs: chosen on the validation questions' greedy answers of the seed-1337 cpu assistant's trial runs.</summary>
    public const double DpoEpochs = 4;

    private static readonly (string Name, double Beta, string Rewards)[] RlArms =
        [("β = 0", 0, RlConfig.CheckerRewards), ($"β = {KlBeta}", KlBeta, RlConfig.CheckerRewards), ("shuffled rewards", 0, RlConfig.ShuffledRewards)];

    /// <summary>The DPO arms: the assistant's own right answers over its wrong ones, without and with the chosen answer's NLL (Pang et al. 2024).</summary>
    private static readonly (string Name, string Legend, double Nll)[] DpoArms = [("DPO on own answers", "DPO", 0), ("DPO+NLL on own answers", "DPO+NLL", 1)];

    // One tuned model: its name in measures and in a chart's legend, its held-out right counts, the KL to the SFT model,
    // forgetting, and (RL) its share of flat groups and training.
    private sealed record Arm(string Name, string Legend, int[] Right, double[] Pass, double Kl, double Forgetting, double? FlatShare, TrainResult? Rl);

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (assistant, _) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _1 = assistant;
        using var chatBase = Checkpoint.LoadLanguageModel(assistant.Meta.Config.Parent!, context.Device);
        var settings = ConfigResolver.Resolve(Stage.Rl, context.Profile);
        settings = settings with { Train = settings.Train with { Seed = context.Seed }, Rl = settings.Rl! with { Arithmetic = settings.Rl.Arithmetic with { DataSeed = context.DataSeed } } };

        var arms = new List<Arm>();
        RlResult? first = null;
        IReadOnlyList<int> testUnits = [];
        foreach (var (arm, beta, rewards) in RlArms)
        {
            using var stage = RlStage.Open(RunFolder.At(Path.Combine(context.Folder, $"rl-{arms.Count}")), SettingsRequest.For(settings with { Rl = settings.Rl with { Beta = beta, Rewards = rewards } }),
                assistant.Folder, context.Device, StartMode.Replace, $"the rl experiment's {arm}");
            context.Report?.Invoke($"RL on arithmetic, {arm}: {stage.MaxSteps} steps");
            var result = stage.Train();
            (first, testUnits) = (first ?? result, stage.Questions.TestUnits);
            arms.Add(new Arm(arm, $"RL, {arm}", result.RightAfter!, result.PassAfter!, result.Training.Evaluations[^1].ValKl ?? double.NaN,
                SupervisedStage.PretrainingValLoss(stage.Model, chatBase, context.Device), result.FlatGroupShare, result.Training));
        }
        var (n, rl) = (first!.Samples, settings.Rl);
        // DPO from the same assistant, on pairs it mines from its own answers to RL's training and validation questions,
        // tested on RL's held-out questions with RL's answer seeds: the pass@k of both are paired by question.
        var dpo = ConfigResolver.Resolve(Stage.Dpo, context.Profile);
        dpo = dpo with { Train = dpo.Train with { Seed = context.Seed }, Dpo = dpo.Dpo! with { Task = DpoConfig.ArithmeticTask, Arithmetic = rl.Arithmetic, MaxNewTokens = rl.MaxNewTokens, Epochs = DpoEpochs } };
        foreach (var (arm, legend, nll) in DpoArms)
        {
            using var stage = DpoStage.Open(RunFolder.At(Path.Combine(context.Folder, $"dpo-{nll}")), SettingsRequest.For(dpo with { Dpo = dpo.Dpo with { Nll = nll } }),
                assistant.Folder, context.Device, StartMode.Replace, $"the rl experiment's {arm}");
            context.Report?.Invoke($"{arm}: {stage.TrainPairs} pairs mined from its answers, {stage.MaxSteps} steps");
            var tuned = stage.Train(test: false).Training;
            var right = PassAtK.RightCounts(stage.Model, stage.Template, first.Test, n, rl.Temperature, rl.MaxNewTokens, RlStage.TestAnswerSeed(context.Seed));
            arms.Add(new Arm(arm, legend, right, (first with { RightAfter = right }).PassAfter!, tuned.KeptEvaluation.ValKl ?? double.NaN,
                SupervisedStage.PretrainingValLoss(stage.Model, chatBase, context.Device), null, null));
        }
        var sftForgetting = SupervisedStage.PretrainingValLoss(assistant.Model, chatBase, context.Device);
        var units = UnitLabels.Of(testUnits);
        double[] PassOne(int[] right) => [.. right.Select(c => PassAtK.Estimate(n, c, 1))];
        double[] PassN(int[] right) => [.. right.Select(c => PassAtK.Estimate(n, c, n))];
        const string perQuestion = "share of held-out questions (pass@k: the chance one of k sampled answers is right)";
        const string paired = "share of held-out questions (paired by question)";

        var measures = new List<ExperimentMeasure>
        {
            ExperimentMeasure.Mean("SFT: pass@1", PassOne(first.RightBefore), context.Seed + 1, perQuestion, units, ExperimentMeasure.Probability),
            ExperimentMeasure.Mean($"SFT: pass@{n}", PassN(first.RightBefore), context.Seed + 2, perQuestion, units, ExperimentMeasure.Probability),
        };
        foreach (var arm in arms)
        {
            // The shuffled arm's gains are the null condition (about 0); its drift and forgetting are real effects of noise.
            var gain = arm.Name == RlArms[^1].Name ? NullPrefix : "";
            measures.AddRange(
            [
                ExperimentMeasure.Mean($"{arm.Name}: pass@1", PassOne(arm.Right), context.Seed + 3, perQuestion, units, ExperimentMeasure.Probability),
                ExperimentMeasure.PairedDifference($"{gain}{arm.Name} − SFT: pass@1", PassOne(arm.Right), PassOne(first.RightBefore), context.Seed + 4, paired, units),
                ExperimentMeasure.Mean($"{arm.Name}: pass@{n}", PassN(arm.Right), context.Seed + 5, perQuestion, units, ExperimentMeasure.Probability),
                ExperimentMeasure.PairedDifference($"{gain}{arm.Name} − SFT: pass@{n}", PassN(arm.Right), PassN(first.RightBefore), context.Seed + 6, paired, units),
                ExperimentMeasure.Exact($"{arm.Name}: KL to the SFT model", arm.Kl, "nats per token of the validation questions' right answers (one estimate)") with { Bounds = (0, double.PositiveInfinity) },
                ExperimentMeasure.Exact($"{arm.Name} − SFT: pretraining val loss", arm.Forgetting - sftForgetting, "nats per token (forgetting; one estimate)"),
            ]);
            if (arm.FlatShare is { } flat)
                measures.Add(ExperimentMeasure.Exact($"{arm.Name}: groups with no signal", flat, "share of training groups whose answers were all rewarded alike (one estimate)") with { Bounds = ExperimentMeasure.Probability });
        }
        foreach (var arm in arms.Where(a => a.Rl is null))
            measures.Add(ExperimentMeasure.PairedDifference($"{arm.Name} − RL {RlArms[0].Name}: pass@1", PassOne(arm.Right), PassOne(arms[0].Right), context.Seed + 7, paired, units));

        double[] ks = [.. Enumerable.Range(1, n).Select(k => (double)k)];
        var passCurves = Charts.Lines(
        [
            new Series("SFT", ks, first.PassBefore),
            .. arms.Select(a => new Series(a.Legend, ks, a.Pass)),
        ], $"pass@k on held-out arithmetic beyond the fine-tuned range ({context.Profile})", "answers sampled (k)", "pass@k", markers: true, logX: true);
        var training = Charts.Lines(arms.Where(a => a.Rl is not null).Select(a => new Series(a.Name,
            [.. a.Rl!.Evaluations.Select(e => (double)e.Step)], [.. a.Rl.Evaluations.Select(e => e.ValAccuracy ?? double.NaN)])),
            "Validation questions while training by RL", "step", "share answered right (greedy)", markers: true);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = $"pass@1 and pass@{n} ({n} answers per held-out question at temperature {rl.Temperature}) of the SFT assistant and after RL against the arithmetic checker, without and with a KL penalty, and with shuffled rewards (the null); after DPO and DPO+NLL on pairs of its own right and wrong answers to RL's training questions; 95% cluster-bootstrap intervals over operand pairs; KL to the SFT model and forgetting of the pretraining loss at the end",
            Measures = measures,
            Baseline = measures[0],
            HeldOut = $"the test's {units.Distinct().Count()} operand pairs (operands up to {rl.Arithmetic.LargestOperand}, at least one above 20) are in no RL training question and no DPO pair in any wording, and fine-tuning asked no operand above 20",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("pass-at-k", passCurves), ("validation", training)],
        };
    }

    /// <summary>How the null condition's measures begin: the gains of the arm whose rewards are shuffled.</summary>
    public const string NullPrefix = "null: ";
}
