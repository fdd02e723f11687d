using System.Diagnostics;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Plots;
using GptLab.Training;

namespace GptLab.Experiments.Limitations;

/// <summary>
/// Hallucination and the edge of knowledge: models trained on biographies of known people and on question–answer
/// pairs about half of them, without and with "I don't know." answers about some unknown names. Asked about names that
/// appear nowhere, how often does each invent an answer? Asked about known people whose questions were held out, how
/// often is it right, and does abstaining cost those answers? And calibration: the probability each greedy answer
/// had, against whether it was right (a reliability diagram), for known and unknown people alike.
/// </summary>
public sealed class Hallucination : IExperiment
{
    public string Name => "hallucination";

    public string Summary => "invented answers about unknown people, without and with \"I don't know.\" in training; calibration";

    private enum Outcome { Right, DontKnow, Invented }

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (known, unknown, biographies, repeats, steps) = context.Pick((30, 30, 12, 6, 600), (100, 100, 16, 8, 3_000), (400, 400, 20, 8, 6_000));
        var seed = context.DataSeed;
        var world = HallucinationWorld.Create(known, unknown, seed);
        var validation = world.Text(1, 0, abstain: false, seed + 1); // the biographies once more: a loss monitor only
        using var plain = LabModel.Train(context, "no-abstentions", world.Text(biographies, repeats, abstain: false, seed), validation, steps);
        using var abstaining = LabModel.Train(context, "with-abstentions", world.Text(biographies, repeats, abstain: true, seed), validation, steps);

        context.Report?.Invoke("asking about asked, biography-only and unknown people");
        var groups = new (string Name, IReadOnlyList<string> People)[] { ("asked", world.AskedPeople), ("biography only", world.BiographyOnlyPeople), ("unknown", world.UnknownNames) };
        var answers = new[] { plain, abstaining }.Select(m => groups.Select(g => Ask(m, world, g.People)).ToArray()).ToArray(); // [model][group]

        // Two questions per person: the person is the unit of every interval (a model that knows someone tends to answer both).
        var units = groups.Select(g => UnitLabels.InRunsOf(2 * g.People.Count, 2)).ToArray();
        bool[] Is(IEnumerable<(Outcome Outcome, double Confidence)> a, Outcome o) => [.. a.Select(x => x.Outcome == o)];
        ExperimentMeasure Share(string name, int model, int group, Outcome o) => ExperimentMeasure.Share(name, Is(answers[model][group], o), "share of questions", units[group]);
        var measures = new List<ExperimentMeasure>
        {
            // By construction near 1: this model never saw "I don't know.", so every answer about anyone is a value.
            ExperimentMeasure.Share("unknown people, no abstentions: invented answers", Is(answers[0][2], Outcome.Invented), "share of questions (near 1 by construction: no abstention in its training text)", units[2]),
            Share("unknown people, with abstentions: invented answers", 1, 2, Outcome.Invented),
            ExperimentMeasure.ShareDifference("invented answers: with − without abstentions", Is(answers[1][2], Outcome.Invented), Is(answers[0][2], Outcome.Invented), "share of questions", units[2], units[2]),
            // The null condition: the abstaining model against itself, half the unknown people against the other half.
            // The check "abstentions reduce inventions" must fail on it; notebook 07 asserts that it does.
            NullSplit.Shares(NullName, Is(answers[1][2], Outcome.Invented), "share of questions (one model in both halves, so about 0)", units[2]),
            Share("biography-only people, no abstentions: right", 0, 1, Outcome.Right),
            Share("biography-only people, with abstentions: right", 1, 1, Outcome.Right),
            Share("biography-only people, with abstentions: \"I don't know.\"", 1, 1, Outcome.DontKnow),
            Share("asked people (answers seen), no abstentions: right", 0, 0, Outcome.Right),
            ExperimentMeasure.Mean("no abstentions: confidence of invented answers (unknown people)", [.. answers[0][2].Select(a => a.Confidence)], context.Seed + 7, "probability of its own answer", units[2], ExperimentMeasure.Probability),
        };
        var rightAnswers = answers[0].Take(2).SelectMany(a => a).Zip(units[0].Concat(units[1].Select(u => u + world.AskedPeople.Count))).Where(a => a.First.Outcome == Outcome.Right).ToArray();
        if (rightAnswers.Length > 0) // a model too small to get any right has no such confidence to report
            measures.Add(ExperimentMeasure.Mean("no abstentions: confidence of right answers (known people)", [.. rightAnswers.Select(a => a.First.Confidence)], context.Seed + 8, "probability of its own answer", [.. rightAnswers.Select(a => a.Second)], ExperimentMeasure.Probability));

        string[] labels = [.. new[] { "no abstentions", "with abstentions" }.SelectMany(c => groups.Select(g => $"{g.Name}<br>{c}"))]; // two lines: the labels stay level and the bars tall
        var flat = answers.SelectMany(m => m).ToArray();
        var outcomes = Charts.GroupedBar(labels,
        [
            new BarSeries("right", [.. flat.Select(a => Rate(a, Outcome.Right))]),
            new BarSeries("\"I don't know.\"", [.. flat.Select(a => Rate(a, Outcome.DontKnow))]),
            new BarSeries("invented", [.. flat.Select(a => Rate(a, Outcome.Invented))]),
        ], $"What the {context.Profile} models answer, by who is asked about", "share of questions", stacked: true);
        var reliability = Reliability(answers[0].SelectMany(a => a).ToArray());
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = "share of invented answers about people who appear nowhere, without and with \"I don't know.\" answers in training; right answers about known people whose questions were held out; the probability of each answer against its correctness (95% intervals over people: Wilson's at the questions' effective size for shares, Newcombe's for the difference, a cluster bootstrap for confidences)",
            Measures = measures,
            Baseline = ExperimentMeasure.Exact("a right answer by guessing a value", HallucinationWorld.GuessRate, "share of questions (a pet or a town uniformly)"),
            HeldOut = "the unknown people of the test appear in no training text (a test checks); the biography-only people's questions never appear, only their biographies; the abstention names are others",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("answers-by-person", outcomes), ("reliability", reliability)],
        };
    }

    /// <summary>The null condition's measure: the abstaining model's invented answers, even unknown people − odd ones.</summary>
    public const string NullName = "null: with abstentions, invented answers, even − odd unknown people";

    // Each question's greedy answer (to the end of the line), judged, with the probability the model gave it.
    private static (Outcome Outcome, double Confidence)[] Ask(Checkpoint model, HallucinationWorld world, IReadOnlyList<string> people)
    {
        var questions = people.SelectMany(world.Questions).Select(q => (Prompt: "\n" + q.Prompt, q.Answer)).ToArray();
        var given = GreedyAnswers.Complete(model.Model, model.Tokenizer, questions.Select(q => q.Prompt));
        var logProbs = CompletionScorer.LogProbabilities(model.Model, model.Tokenizer, [.. questions.Select((q, i) => (q.Prompt, given[i] + "\n"))]);
        // "I don't know." is an abstention even where it is the reference answer (an unknown person).
        return [.. questions.Select((q, i) => (given[i] == HallucinationWorld.DontKnow ? Outcome.DontKnow : given[i] == q.Answer ? Outcome.Right : Outcome.Invented, Math.Exp(logProbs[i])))];
    }

    private static double Rate(IEnumerable<(Outcome Outcome, double Confidence)> answers, Outcome outcome) => answers.Average(a => a.Outcome == outcome ? 1.0 : 0.0);

    // Accuracy per fifth of confidence, beside the diagonal a calibrated model would follow.
    private static Plotly.NET.GenericChart Reliability((Outcome Outcome, double Confidence)[] answers)
    {
        var bins = Enumerable.Range(0, 5).Select(b => answers.Where(a => Math.Min(4, (int)(a.Confidence * 5)) == b).ToArray()).Where(b => b.Length > 0).ToArray();
        return Charts.Lines(
        [
            new Series("calibrated", [0, 1], [0, 1]),
            new Series("model without abstentions (all questions)", [.. bins.Select(b => b.Average(a => a.Confidence))], [.. bins.Select(b => b.Average(a => a.Outcome == Outcome.Right ? 1.0 : 0.0))]),
        ], "Reliability: the probability of its own answer against how often that answer is right", "mean probability of its answer (fifths)", "share right", markers: true);
    }
}
