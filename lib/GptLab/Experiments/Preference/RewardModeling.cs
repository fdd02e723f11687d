using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;
using GptLab.Stages;

namespace GptLab.Experiments.Preference;

/// <summary>
/// A reward model, measured: the course assistant (its SFT run of the profile, per training seed) with a scalar head,
/// trained on the honesty pairs by the Bradley–Terry loss. Does it rank held-out pairs (new people, facts no training
/// asked) above chance? Used the simplest way, best-of-n: the assistant samples n answers to each held-out question
/// and the reward model keeps its favourite; against the same n answers picked at random (the null condition). The
/// unit of every interval is the person asked about; with <c>--seeds N</c>, the training seed.
/// </summary>
public sealed class RewardModeling : IExperiment
{
    public string Name => "reward-model";

    public string Summary => "a reward model from the SFT assistant: held-out pairs ranked against chance, and best-of-n sampling with it against a random pick";

    /// <summary>Sampling temperature of best-of-n: the policy's own distribution.</summary>
    public const double Temperature = 1.0;

    /// <summary>The reward stage's settings for <paramref name="context"/>: its profile's preset, its training seed, its pairs' data seed.</summary>
    public static RunConfig Settings(ExperimentContext context)
    {
        var settings = ConfigResolver.Resolve(Stage.Reward, context.Profile);
        return settings with { Train = settings.Train with { Seed = context.Seed }, Reward = settings.Reward! with { Pairs = settings.Reward.Pairs with { DataSeed = context.DataSeed } } };
    }

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (assistant, _) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _1 = assistant;
        using var stage = RewardStage.Open(RunFolder.At(Path.Combine(context.Folder, "reward")), SettingsRequest.For(Settings(context)), assistant.Folder, context.Device, StartMode.Replace, "the reward-model experiment");
        context.Report?.Invoke($"training the reward model on {stage.TrainPairs} pairs");
        var result = stage.Train();
        var (evaluations, last) = (result.Training.Evaluations, result.Training.KeptEvaluation);
        var pairUnits = UnitLabels.Of(result.TestPairs.Select(p => p.Unit));

        var ns = context.Pick<int[]>([4], [4, 16], [4, 16]);
        context.Report?.Invoke($"sampling {ns[^1]} answers to each of {stage.Pairs.Test.Count} held-out questions");
        var samples = BestOfN.Sample(assistant.Model, stage.Model, stage.Template, stage.Pairs.Test, ns[^1], Temperature, context.Seed * 7919);
        var measures = new List<ExperimentMeasure>
        {
            ExperimentMeasure.Share("held-out pairs ranked right", result.TestRight, "share of pairs (chance 0.5)", pairUnits),
            ExperimentMeasure.Exact("validation pairs ranked right before training", evaluations[0].ValAccuracy ?? double.NaN, "share of pairs (a fresh head scores every answer alike: 0.5 by construction)") with { Bounds = ExperimentMeasure.Probability },
            ExperimentMeasure.Exact("validation pairs ranked right", last.ValAccuracy ?? double.NaN, "share of pairs (one estimate)") with { Bounds = ExperimentMeasure.Probability },
        };
        var curves = new List<Series>();
        foreach (var family in new[] { ChatFamily.Unknown, ChatFamily.Facts })
        {
            var index = Enumerable.Range(0, stage.Pairs.Test.Count).Where(i => stage.Pairs.Test[i].Family == family).ToArray();
            var (examples, familySamples) = (index.Select(i => stage.Pairs.Test[i]).ToArray(), index.Select(i => samples[i]).ToArray());
            var units = UnitLabels.Of(index.Select(i => stage.Pairs.TestPeople[i]));
            var what = family == ChatFamily.Unknown ? "new people, \"I don't know.\"" : "known facts, right";
            // One sample's expected score: the share of a question's sampled answers that are right, averaged.
            var one = BestOfN.OneSampleRight(familySamples, examples);
            var byN = ns.Select(n => ExperimentMeasure.Share($"best of {n}: {what}", BestOfN.Right(familySamples, examples, n), "share of questions", units)).ToList();
            var top = ns[^1];
            double[] Doubles(bool[] right) => [.. right.Select(r => r ? 1.0 : 0.0)];
            measures.Add(ExperimentMeasure.Mean($"one sample: {what}", one, context.Seed + 11, "share of questions (each question's sampled answers averaged)", units, ExperimentMeasure.Probability));
            measures.AddRange(byN);
            measures.Add(ExperimentMeasure.PairedDifference($"best of {top} − one sample: {what}", Doubles(BestOfN.Right(familySamples, examples, top)), one, context.Seed + 12, "share of questions (paired by question)", units));
            // The null condition: the same answers, one picked at random. Without a reward model n buys nothing.
            measures.Add(ExperimentMeasure.PairedDifference($"{NullPrefix}{top} − one sample: {what}", BestOfN.RandomPickRight(familySamples, examples, top, context.DataSeed), one, context.Seed + 13,
                "share of questions (no reward model: 256 random picks averaged, so about 0)", units));
            curves.Add(new Series($"{what} (reward model's pick)", [1.0, .. ns.Select(n => (double)n)], [one.Average(), .. byN.Select(m => m.Value)]));
        }

        var chart = Charts.Lines(curves, $"Best-of-n with the {context.Profile} reward model: held-out questions", "answers sampled per question (n)", "share of questions", markers: true, logX: true);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = $"the reward model's share of held-out pairs ranked right, against chance; and best-of-n with it (n = {string.Join(", ", ns)}, temperature {Temperature}) on held-out questions, against n answers picked at random (95% intervals over people: Wilson's at the effective size, Newcombe's for differences)",
            Measures = measures,
            Baseline = ExperimentMeasure.Exact("chance", 0.5, "share of pairs (two answers, one preferred)"),
            HeldOut = "the test pairs and questions ask about new people that appear in no training pair, fine-tuning conversation or text the base read, and about the SFT test facts (tests check both)",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("best-of-n", chart)],
        };
    }

    /// <summary>How the null condition's measures begin: "null: random pick of N − one sample: …".</summary>
    public const string NullPrefix = "null: random pick of ";
}
