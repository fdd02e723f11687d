using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Plots;
using GptLab.Stages;
using GptLab.Training;
using Plotly.NET;

namespace GptLab.Experiments.Limitations;

/// <summary>
/// The arithmetic half of distributional shift: the course's chat base fine-tuned with the SFT profile (operands 0–20),
/// then asked two-way questions, the right answer against a wrong one of as many digits, on held-out problems of the
/// trained range and on operands of 21–50, 51–99 and 100–999, which fine-tuning never showed. Chance is 50%.
/// </summary>
internal static class ArithmeticShift
{
    public static (IReadOnlyList<ExperimentMeasure> Measures, GenericChart Chart) Run(ExperimentContext context)
    {
        var (assistant, data) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _ = assistant;
        var template = SupervisedStage.TemplateFor(assistant.Tokenizer, assistant.Meta.Config);

        var random = new Random(context.DataSeed);
        var trained = data.Test.Where(e => e.Family == ChatFamily.Arithmetic)
            .Select(e => (Question: e.Messages[0].Content, Right: e.Reference, Wrong: ArithmeticRange.WrongOf(int.Parse(e.Reference, System.Globalization.CultureInfo.InvariantCulture), random).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        var count = Math.Max(50, trained.Length);
        var ranges = new (string Name, IReadOnlyList<(string Question, string Right, string Wrong)> Problems)[]
        {
            ("0–20 (trained range, held-out problems)", trained),
            ("21–50", ArithmeticRange.Problems(21, 50, count, random)),
            ("51–99", ArithmeticRange.Problems(51, 99, count, random)),
            ("100–999", ArithmeticRange.Problems(100, 999, count, random)),
        };
        int[] Answer(string text) => [.. template.EncodeTurn(text), template.EndId];
        var preferences = ranges.Select(r =>
        {
            var pairs = r.Problems.SelectMany(p => new[] { p.Right, p.Wrong }.Select(a => (template.RenderPrompt([ChatMessage.FromUser(p.Question)]), Answer(a)))).ToArray();
            var logProbs = CompletionScorer.LogProbabilities(assistant.Model, pairs);
            return r.Problems.Select((_, i) => logProbs[2 * i] > logProbs[2 * i + 1]).ToArray();
        }).ToArray();

        var measures = ranges.Select((r, i) => ExperimentMeasure.Share($"arithmetic {r.Name}: prefers the right answer", preferences[i], "share of problems (chance 0.5)")).ToList();
        measures.Add(ExperimentMeasure.ShareDifference("arithmetic: trained range − 100–999", preferences[0], preferences[^1], "share of problems"));
        var chart = Charts.BarWithIntervals([.. ranges.Select(r => r.Name), "chance"], [.. measures.Take(ranges.Length).Select(m => m.Value), 0.5],
            [.. measures.Take(ranges.Length).Select(m => m.Low), 0.5], [.. measures.Take(ranges.Length).Select(m => m.High), 0.5],
            $"The {context.Profile} assistant's arithmetic inside and outside its fine-tuning range (95% intervals)", "prefers the right answer to a wrong one");
        return (measures, chart);
    }
}
