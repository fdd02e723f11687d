using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;
using GptLab.Stages;
using GptLab.Training;

namespace GptLab.Experiments.Preference;

/// <summary>
/// Learning from preferences, measured: the course assistant (its SFT run of the profile, per training seed) tuned by
/// DPO, and by IPO, on honesty pairs (<see cref="HonestyPairs"/>). On questions about new people no text mentions, does
/// the tuned model invent fewer answers than the SFT model? On facts no training asked, does it keep answering them?
/// Beside them: how far each loss moved the model from the SFT model (per-token KL, and the pretraining loss it forgot).
/// The unit of every interval is the person asked about; with <c>--seeds N</c>, the training seed.
/// </summary>
public sealed class HonestyTuning : IExperiment
{
    public string Name => "honesty";

    public string Summary => "DPO and IPO on honesty pairs: invented answers about new people and known facts, before and after, and the drift from the SFT model";

    private static readonly string[] Losses = [DpoConfig.DpoLoss, DpoConfig.IpoLoss];

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (assistant, _) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _1 = assistant;
        using var chatBase = Checkpoint.LoadLanguageModel(assistant.Meta.Config.Parent!, context.Device);
        var settings = ConfigResolver.Resolve(Stage.Dpo, context.Profile);
        settings = settings with { Train = settings.Train with { Seed = context.Seed }, Dpo = settings.Dpo! with { Pairs = settings.Dpo.Pairs with { DataSeed = context.DataSeed } } };

        var runs = new List<(string Loss, DpoResult Result, double Forgetting)>();
        PreferenceSplit? pairs = null; // the same for both losses: the stages make them from the same settings
        foreach (var loss in Losses)
        {
            using var stage = DpoStage.Open(RunFolder.At(Path.Combine(context.Folder, loss)), SettingsRequest.For(settings with { Dpo = settings.Dpo with { Loss = loss } }),
                assistant.Folder, context.Device, StartMode.Replace, $"the honesty experiment's {loss}");
            context.Report?.Invoke($"tuning the assistant by {loss.ToUpperInvariant()} on {stage.TrainPairs} pairs");
            pairs ??= stage.Pairs;
            var result = stage.Train();
            runs.Add((loss, result, SupervisedStage.PretrainingValLoss(stage.Model, chatBase, context.Device)));
        }
        var sftForgetting = SupervisedStage.PretrainingValLoss(assistant.Model, chatBase, context.Device);

        // Who each answer is about: a person's questions rise and fall together.
        int[] Units(string family) => UnitLabels.Of(pairs!.TestUnits.Where((_, i) => pairs.Test[i].Family == family));
        var (unknownUnits, factUnits) = (Units(ChatFamily.Unknown), Units(ChatFamily.Facts));
        bool[] Answers(ChatReport report, string family, Func<ChatAnswer, bool> outcome) => [.. report.Answers.Where(a => a.Example.Family == family).Select(outcome)];
        bool[] Invented(ChatReport r) => Answers(r, ChatFamily.Unknown, a => a.Correct != true);
        bool[] Right(ChatReport r) => Answers(r, ChatFamily.Facts, a => a.Correct == true);
        bool[] Refused(ChatReport r) => Answers(r, ChatFamily.Facts, a => a.Text.Trim() == FactQuestions.DontKnow);
        var sft = runs[0].Result.Before;

        var measures = new List<ExperimentMeasure>
        {
            ExperimentMeasure.Share("SFT: new people, invented answers", Invented(sft), "share of questions", unknownUnits),
            ExperimentMeasure.Share("SFT: known facts, right", Right(sft), "share of questions", factUnits),
            ExperimentMeasure.Share("SFT: known facts, \"I don't know.\"", Refused(sft), "share of questions", factUnits),
            // The null condition: the SFT model against itself, half the new people against the other half. The check
            // "tuning lowers invented answers" must fail on it; notebook 10 asserts that it does.
            NullSplit.Shares(NullName, Invented(sft), "share of questions (one model in both halves, so about 0)", unknownUnits),
        };
        foreach (var (loss, result, forgetting) in runs)
        {
            var after = result.After!;
            var name = loss.ToUpperInvariant();
            var (first, last) = (result.Training.Evaluations[0], result.Training.KeptEvaluation);
            measures.AddRange(
            [
                ExperimentMeasure.Share($"{name}: new people, invented answers", Invented(after), "share of questions", unknownUnits),
                ExperimentMeasure.ShareDifference($"{name} − SFT: invented answers", Invented(after), Invented(sft), "share of questions", unknownUnits, unknownUnits),
                ExperimentMeasure.Share($"{name}: known facts, right", Right(after), "share of questions", factUnits),
                ExperimentMeasure.ShareDifference($"{name} − SFT: known facts right", Right(after), Right(sft), "share of questions", factUnits, factUnits),
                ExperimentMeasure.Share($"{name}: known facts, \"I don't know.\"", Refused(after), "share of questions", factUnits),
                ExperimentMeasure.Exact($"{name}: validation pairs, preference accuracy before tuning", first.ValAccuracy ?? double.NaN, "share of pairs (every margin a tie, so 0.5 by construction)") with { Bounds = ExperimentMeasure.Probability },
                ExperimentMeasure.Exact($"{name}: validation pairs, preference accuracy", last.ValAccuracy ?? double.NaN, "share of pairs (one estimate)") with { Bounds = ExperimentMeasure.Probability },
                ExperimentMeasure.Exact($"{name}: KL to the SFT model", last.ValKl ?? double.NaN, "nats per token of the validation pairs' chosen answers (one estimate)") with { Bounds = (0, double.PositiveInfinity) }, // a KL is never negative
                ExperimentMeasure.Exact($"{name} − SFT: pretraining val loss", forgetting - sftForgetting, "nats per token (forgetting; one estimate)"),
            ]);
        }

        string[] labels = ["invented answers<br>(new people)", "known facts<br>right", "known facts<br>\"I don't know.\""];
        BarSeries Bars(string name, IReadOnlyList<ExperimentMeasure> m) => new(name, [.. m.Select(x => x.Value)], [.. m.Select(x => x.Low)], [.. m.Select(x => x.High)]);
        ExperimentMeasure M(string name) => measures.Single(m => m.Name == name);
        var outcomes = Charts.GroupedBar(labels,
        [
            Bars("SFT", [M("SFT: new people, invented answers"), M("SFT: known facts, right"), M("SFT: known facts, \"I don't know.\"")]),
            .. runs.Select(r => r.Loss.ToUpperInvariant()).Select(n => Bars(n, [M($"{n}: new people, invented answers"), M($"{n}: known facts, right"), M($"{n}: known facts, \"I don't know.\"")])),
        ], $"The {context.Profile} assistant before and after preference tuning (95% intervals over people)", "share of held-out questions");
        var curves = Charts.Lines(runs.SelectMany(r => new[]
        {
            new Series($"{r.Loss.ToUpperInvariant()}: preference accuracy", [.. r.Result.Training.Evaluations.Select(e => (double)e.Step)], [.. r.Result.Training.Evaluations.Select(e => e.ValAccuracy ?? double.NaN)]),
            new Series($"{r.Loss.ToUpperInvariant()}: KL to SFT (nats/token)", [.. r.Result.Training.Evaluations.Select(e => (double)e.Step)], [.. r.Result.Training.Evaluations.Select(e => e.ValKl ?? double.NaN)]),
        }), "Validation pairs while tuning: accuracy from chance (0.5), and the drift from the SFT model", "step", "accuracy / KL", markers: true);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = "invented answers about new people and right answers about facts no training asked, for the SFT assistant and after DPO and IPO on honesty pairs (95% intervals over people: Wilson's at the questions' effective size, Newcombe's for differences); the validation pairs' preference accuracy and the KL to the SFT model at the end; forgetting as the pretraining validation loss's change",
            Measures = measures,
            Baseline = M("SFT: new people, invented answers"),
            HeldOut = $"the test's {unknownUnits.Distinct().Count()} new people appear in no pair, fine-tuning conversation or text the base read; its {factUnits.Distinct().Count()} known people's test facts are the SFT test facts, in no pair (tests check both)",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("before-after", outcomes), ("tuning-curves", curves)],
        };
    }

    /// <summary>The null condition's measure: the SFT model's invented answers, even new people − odd ones.</summary>
    public const string NullName = "null: SFT, invented answers, even − odd new people";
}
