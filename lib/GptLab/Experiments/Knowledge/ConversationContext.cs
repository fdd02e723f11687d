using System.Diagnostics;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Plots;
using GptLab.Stages;
using GptLab.Training;

namespace GptLab.Experiments.Knowledge;

/// <summary>
/// Conversation that keeps context: the course's assistant (its chat base fine-tuned with the profile's SFT settings,
/// the "context" family included) is told something about the user, then asked about it after 0 to
/// <see cref="ContextTask.MaxIntervening"/> other exchanges, on values no training conversation of the family answered
/// with. The ablation deletes the earlier turn: what the model then gets right is what it guessed. Chance is
/// <see cref="ContextTask.ChanceRate"/> (one value among a kind's 12 pets, colours or foods, or 100 secret words).
/// </summary>
public sealed class ConversationContext : IExperiment
{
    public string Name => "context";

    public string Summary => "conversation that keeps context: an answer told in an earlier turn, with that turn and without it, per turns in between";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (assistant, data) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _ = assistant;
        var template = SupervisedStage.TemplateFor(assistant.Tokenizer, assistant.Meta.Config);
        var exchanges = ContextTask.Exchanges(data.Train);
        var perTurns = context.Pick(24, 60, 120);
        var random = new Random(context.DataSeed);
        var dataSeed = assistant.Meta.Config.Sft!.DataSeed;
        var chance = ContextTask.ChanceRate(dataSeed);

        context.Report?.Invoke("asking with the earlier turn and without it");
        var measures = new List<ExperimentMeasure>();
        var (withTurn, withoutTurn, difference) = (new List<ExperimentMeasure>(), new List<ExperimentMeasure>(), new List<ExperimentMeasure>());
        for (var k = 0; k <= ContextTask.MaxIntervening; k++)
        {
            var conversations = ContextTask.HeldOut(dataSeed, k, perTurns, exchanges, random);
            var with = Right(ChatEvaluation.Run(assistant.Model, template, conversations));
            var without = Right(ChatEvaluation.Run(assistant.Model, template, [.. conversations.Select(ContextTask.WithoutStatement)]));
            withTurn.Add(ExperimentMeasure.Share($"{Turns(k)} between: answered with the earlier turn", with));
            withoutTurn.Add(ExperimentMeasure.Share($"{Turns(k)} between: answered with it deleted", without));
            difference.Add(ExperimentMeasure.ShareDifference($"{Turns(k)} between: with − without", with, without, "share of questions"));
            measures.AddRange([withTurn[^1], withoutTurn[^1], difference[^1]]);
        }
        var sft = data.Test.Where(e => e.Family == ChatFamily.Context).ToList();
        measures.Add(ExperimentMeasure.Share("the SFT test set's context family (0–3 turns between)", Right(ChatEvaluation.Run(assistant.Model, template, sft))));

        var labels = Enumerable.Range(0, ContextTask.MaxIntervening + 1).Select(k => $"{Turns(k)} between").ToArray();
        BarSeries Series(string name, List<ExperimentMeasure> m) => new(name, [.. m.Select(x => x.Value)], [.. m.Select(x => x.Low)], [.. m.Select(x => x.High)]);
        var chart = Charts.GroupedBar(labels,
            [Series("with the earlier turn", withTurn), Series("earlier turn deleted", withoutTurn), new BarSeries("chance", [.. labels.Select(_ => chance)])],
            $"The {context.Profile} assistant answers from an earlier turn (95% intervals)", "share of questions answered exactly");
        return new ExperimentResult
        {
            Experiment = Name,
            Profile = context.Profile,
            Seed = context.Seed,
            Effect = $"with the earlier turn − without it, {ContextTask.MaxIntervening} turns between: {difference[^1].Value:P0}",
            Measures = measures,
            // Out of reach by construction: no test value is ever an answer in fine-tuning, so without the earlier turn a
            // model has nothing to guess it from and scores near 0, below this; the deleted-turn arm is the control.
            Baseline = ExperimentMeasure.Exact("a uniform guess among the values of the kind asked", chance, "share of questions (out of reach by construction: no test value is an answer in training)"),
            HeldOut = $"the test values (a quarter of the pets, colours, foods and secret words) are never an answer of the family in fine-tuning; {perTurns} questions per number of turns between",
            ElapsedS = clock.Elapsed.TotalSeconds,
            Charts = [("context", chart)],
        };
    }

    private static string Turns(int k) => k == 1 ? "1 turn" : $"{k} turns";

    private static bool[] Right(ChatReport report) => [.. report.Answers.Select(a => a.Correct == true)];
}
