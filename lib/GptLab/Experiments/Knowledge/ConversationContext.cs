using System.Diagnostics;
using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Plots;
using GptLab.Stages;

namespace GptLab.Experiments.Knowledge;

/// <summary>
/// Conversation that keeps context: the course's assistant (its chat base fine-tuned with the profile's SFT settings, the
/// "context" family included) is told something about the user and asked about it after 0, 1, 2, 4 and 8 other exchanges,
/// on values no training conversation of the family told. The ablation deletes the telling: what the model then gets
/// right is what it guessed. Chance is <see cref="ContextTask.ChanceRate"/> (one value among a kind's 24 pets, 20 colours,
/// 24 foods or 100 secret words). At <see cref="FormsAt"/> exchanges the other ways of telling are asked too: in passing, in
/// front of another request; changed ("Actually, …": the new value, not the former); and told and asked in one message.
/// Questions about one value share it, so intervals count values, not questions.
/// </summary>
public sealed class ConversationContext : IExperiment
{
    /// <summary>Exchanges between telling and question, from next turn to the most the family trains with.</summary>
    public static readonly int[] Distances = [0, 1, 2, 4, ContextTask.MaxIntervening];

    /// <summary>The exchanges between telling and question at which the other forms are asked.</summary>
    public const int FormsAt = 4;

    public string Name => "context";

    public string Summary => "conversation that keeps context: an answer told 0 to 8 exchanges earlier, with the telling and without it; told in passing, changed, in one message";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (assistant, data) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _ = assistant;
        var template = SupervisedStage.TemplateFor(assistant.Tokenizer, assistant.Meta.Config);
        var exchanges = ContextTask.Exchanges(data.Train);
        var perCondition = context.Pick(42, 84, 168); // every one of the 42 test values asked equally often
        var random = new Random(context.DataSeed);
        var dataSeed = assistant.Meta.Config.Sft!.DataSeed;
        var chance = ContextTask.ChanceRate(dataSeed);
        var measures = new List<ExperimentMeasure>();
        List<ContextProbe> Ask(ContextForm form, int intervening) => [.. ContextTask.HeldOut(dataSeed, form, intervening, perCondition, exchanges, random)];
        IReadOnlyList<ChatAnswer> Answers(IEnumerable<ChatExample> conversations) => ChatEvaluation.Run(assistant.Model, template, [.. conversations]).Answers;
        bool[] Right(IEnumerable<ChatExample> conversations) => [.. Answers(conversations).Select(a => a.Correct == true)];

        context.Report?.Invoke("asking with the telling and without it, per exchanges between");
        var (withTurn, withoutTurn) = (new List<ExperimentMeasure>(), new List<ExperimentMeasure>());
        var (longest, values) = (0, 0);
        foreach (var k in Distances)
        {
            var probes = Ask(ContextForm.Stated, k);
            var units = probes.Select(p => p.Item).ToArray();
            var (with, without) = (Right(probes.Select(p => p.Conversation)), Right(probes.Select(p => p.Ablated)));
            withTurn.Add(ExperimentMeasure.Share($"{Exchanges(k)} between: answered with the telling", with, units: units));
            withoutTurn.Add(ExperimentMeasure.Share($"{Exchanges(k)} between: answered with it deleted", without, units: units));
            measures.AddRange([withTurn[^1], withoutTurn[^1],
                ExperimentMeasure.ShareDifference($"{Exchanges(k)} between: with − without", with, without, "share of questions", units, units)]);
            if (k == FormsAt) // which kinds of value are read back: a kind the model has a strong prior for may not be
                foreach (var kind in ContextTask.AllKinds)
                {
                    var mine = Enumerable.Range(0, probes.Count).Where(i => ContextTask.KindOf(probes[i].Item) == kind).ToArray();
                    measures.Add(ExperimentMeasure.Share($"{Exchanges(k)} between, {kind}s: answered with the telling", [.. mine.Select(i => with[i])], units: [.. mine.Select(i => units[i])]));
                }
            longest = Math.Max(longest, probes.Max(p => template.Render(p.Conversation.Messages).Ids.Length));
            values = units.Distinct().Count();
        }
        measures.Add(ExperimentMeasure.Exact("the longest conversation asked", longest, "tokens"));
        measures.Add(ExperimentMeasure.Exact("the assistant's context", assistant.Model.Config.BlockSize, "tokens (by construction: the profile's block size)"));

        context.Report?.Invoke("asking about facts told in passing, changed, and in one message");
        var (formsWith, formsWithout) = (new List<ExperimentMeasure>(), new List<ExperimentMeasure>());
        foreach (var (form, label) in new[] { (ContextForm.InPassing, "told in passing"), (ContextForm.Changed, "changed"), (ContextForm.SameMessage, "told and asked in one message") })
        {
            var probes = Ask(form, form == ContextForm.SameMessage ? 0 : FormsAt);
            var units = probes.Select(p => p.Item).ToArray();
            var what = form == ContextForm.Changed ? "the change" : "the telling";
            var answers = Answers(probes.Select(p => p.Conversation));
            formsWith.Add(ExperimentMeasure.Share($"{label}: answered with {what}", [.. answers.Select(a => a.Correct == true)], units: units));
            formsWithout.Add(ExperimentMeasure.Share($"{label}: answered with {what} deleted", Right(probes.Select(p => p.Ablated)), units: units));
            measures.AddRange([formsWith[^1], formsWithout[^1]]);
            if (form == ContextForm.Changed) // the stale answer: the value before the change
                measures.Add(ExperimentMeasure.Share("changed: answered with the former value",
                    [.. answers.Select((a, i) => a.WellFormed && a.Text.Trim() == probes[i].FormerAnswer)], units: units));
        }
        var sft = data.Test.Where(e => e.Family == ChatFamily.Context).ToList();
        measures.Add(ExperimentMeasure.Share("the SFT test set's context family (every form, 0–8 exchanges between)", Right(sft)));

        BarSeries Series(string name, List<ExperimentMeasure> m) => new(name, [.. m.Select(x => x.Value)], [.. m.Select(x => x.Low)], [.. m.Select(x => x.High)]);
        string[] distances = [.. Distances.Select(k => k.ToString())], forms = ["in passing", "changed", "in one message"];
        return new ExperimentResult
        {
            Experiment = Name,
            Profile = context.Profile,
            Seed = context.Seed,
            Effect = $"with the telling − without it, {FormsAt} exchanges between: {measures.Single(m => m.Name == $"{Exchanges(FormsAt)} between: with − without").Value:P0}",
            Measures = measures,
            // Below it by construction where no test value is an answer in fine-tuning: without the telling a model has
            // nothing to guess from; the deleted-telling arm is the control.
            Baseline = ExperimentMeasure.Exact("a uniform guess among the values of the kind asked", chance, "share of questions (out of reach by construction: no test value is an answer in training)"),
            HeldOut = $"the test values (a quarter of the pets, colours, foods and secret words) are never told or answered in the family's fine-tuning; {perCondition} questions per condition, intervals over the {values} values",
            ElapsedS = clock.Elapsed.TotalSeconds,
            Charts =
            [
                ("context", Charts.GroupedBar(distances,
                    [Series("with the telling", withTurn), Series("telling deleted", withoutTurn), new BarSeries("chance", [.. distances.Select(_ => chance)])],
                    $"The {context.Profile} assistant answers from an earlier turn, by exchanges in between (95% intervals)", "share answered exactly")),
                ("context-forms", Charts.GroupedBar(forms,
                    [Series("with the telling (or change)", formsWith), Series("it deleted", formsWithout), new BarSeries("chance", [.. forms.Select(_ => chance)])],
                    $"Other ways of telling, {FormsAt} exchanges before the question (one message: none) (95% intervals)", "share answered exactly")),
            ],
        };
    }

    private static string Exchanges(int k) => k == 1 ? "1 exchange" : $"{k} exchanges";
}
