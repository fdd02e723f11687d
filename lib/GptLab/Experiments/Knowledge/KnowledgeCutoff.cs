using System.Diagnostics;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Plots;
using GptLab.Training;

namespace GptLab.Experiments.Knowledge;

/// <summary>
/// The knowledge cutoff: a model pretrained on a world at time T0 (biographies in five wordings and orders, the name
/// in every sentence: the text that stores facts best, see <see cref="KnowledgeStorage"/>) and fine-tuned to answer questions;
/// then the world changes: a quarter of the people change employer and newcomers appear. Three ways to catch up:
/// (a) fine-tune the assistant on question–answer lines about the new facts; (b) continue pretraining on biographies
/// of the changed and new people, then the same question fine-tuning the first model had; (c) pretrain again from
/// scratch on the whole updated world, then that fine-tuning. Measured: new facts (asked as trained, and in other words),
/// old facts (forgetting), the loss on unchanged people's biographies, and what each update cost.
/// </summary>
public sealed class KnowledgeCutoff : IExperiment
{
    public bool Scales => true;

    public string Name => "cutoff";

    public string Summary => "after a knowledge cutoff: fine-tune on new facts, continue pretraining, or re-train; new facts, forgetting, cost";

    private sealed record Update(string Name, Checkpoint Model, long Tokens, double Seconds);

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (people, steps, questionSteps) = BiographyLab.Budget(context);
        var seed = context.DataSeed;
        var before = BiographyWorld.Create(people, seed);
        var asked = before.People.Take(people / 2).ToArray(); // their questions fine-tune every assistant
        var heldOut = before.People.Skip(people / 2).ToArray();
        var movers = heldOut.Take(heldOut.Length / 2).ToArray(); // new employer at T1
        var after = before.Changed(movers, people / 4);
        var moved = movers.Select(m => after.Find(m.Name)).ToArray();
        var newcomers = after.People.Skip(people).ToArray();
        var unchanged = heldOut.Skip(movers.Length).ToArray(); // old facts: still true, never asked in training
        var monitor = BiographyWorld.Biographies(asked.Take(20), 1, varyWording: true, permute: true, seed + 3, fullName: true);
        var questions = BiographyWorld.QuestionText(asked, 1, seed + 2); // the same at T0 and T1: the asked people did not move

        var tokensPerStep = BiographyLab.TokensPerStep(context);
        var timer = Stopwatch.StartNew();
        using var base0 = BiographyLab.Pretrain(context, "t0-base", BiographyWorld.Biographies(before.People, 5, true, true, seed + 1, fullName: true), monitor, steps);
        using var assistant0 = BiographyLab.FineTune(context, "t0-assistant", base0, questions, monitor, questionSteps);
        var original = new Update("T0 assistant (no update)", assistant0, (steps + questionSteps) * tokensPerStep, timer.Elapsed.TotalSeconds);

        timer.Restart();
        var newFactQuestions = moved.Select(p => BiographyWorld.Ask(p)[BiographyWorld.EmployerAttribute]).Concat(newcomers.SelectMany(BiographyWorld.Ask));
        using var tunedOnFacts = BiographyLab.FineTune(context, "a-fine-tuned", assistant0, BiographyWorld.QuestionText(newFactQuestions, 4, seed + 7), monitor, questionSteps);
        var fineTuned = new Update("(a) fine-tune on new facts", tunedOnFacts, questionSteps * tokensPerStep, timer.Elapsed.TotalSeconds);

        timer.Restart();
        var continuedSteps = steps / 2; // the changed people's text is half the size of the first world's
        using var continuedBase = BiographyLab.Pretrain(context, "b-continued-base", BiographyWorld.Biographies([.. moved, .. newcomers], 5, true, true, seed + 4, fullName: true), monitor, continuedSteps, from: base0);
        using var continuedAssistant = BiographyLab.FineTune(context, "b-continued", continuedBase, questions, monitor, questionSteps);
        var continued = new Update("(b) continue pretraining", continuedAssistant, (continuedSteps + questionSteps) * tokensPerStep, timer.Elapsed.TotalSeconds);

        timer.Restart();
        using var retrainedBase = BiographyLab.Pretrain(context, "c-retrained-base", BiographyWorld.Biographies(after.People, 5, true, true, seed + 5, fullName: true), monitor, steps);
        using var retrainedAssistant = BiographyLab.FineTune(context, "c-retrained", retrainedBase, questions, monitor, questionSteps);
        var retrained = new Update("(c) re-train from scratch", retrainedAssistant, (steps + questionSteps) * tokensPerStep, timer.Elapsed.TotalSeconds);

        context.Report?.Invoke("asking every model about new and old facts");
        var heldOutText = BiographyWorld.Biographies(unchanged, 1, true, true, seed + 6, fullName: true); // wordings and orders drawn afresh
        var rows = new[] { original, fineTuned, continued, retrained }.Select(u => (u, New: NewFacts(u.Model, moved, newcomers, otherWording: false),
            NewReworded: NewFacts(u.Model, moved, newcomers, otherWording: true), Old: BiographyLab.Answers(u.Model, unchanged),
            Outdated: BiographyLab.Answers(u.Model, movers, BiographyWorld.EmployerAttribute),
            Loss: TextLoss.Score(u.Model.Model, u.Model.Tokenizer, heldOutText, "unchanged people's biographies").Loss)).ToArray();

        // The person is the unit: a mover is asked one new fact, a newcomer four, an unchanged person four old ones.
        var attributes = BiographyWorld.Attributes.Count;
        int[] newUnits = [.. Enumerable.Range(0, moved.Length), .. UnitLabels.InRunsOf(newcomers.Length * attributes, attributes).Select(u => moved.Length + u)];
        var oldUnits = UnitLabels.InRunsOf(unchanged.Length * attributes, attributes);
        var measures = new List<ExperimentMeasure>();
        foreach (var r in rows)
        {
            measures.Add(ExperimentMeasure.Share($"{r.u.Name}: new facts answered", r.New, units: newUnits));
            measures.Add(ExperimentMeasure.Share($"{r.u.Name}: new facts asked in other words", r.NewReworded, units: newUnits));
            measures.Add(ExperimentMeasure.Share($"{r.u.Name}: old facts answered", r.Old, units: oldUnits));
            measures.Add(ExperimentMeasure.Share($"{r.u.Name}: movers' old employer given", r.Outdated));
            measures.Add(ExperimentMeasure.Exact($"{r.u.Name}: loss on unchanged people's biographies", r.Loss, "nats per character (one text)"));
            measures.Add(ExperimentMeasure.Exact($"{r.u.Name}: training tokens", r.u.Tokens, "tokens (steps × batch × context)"));
            measures.Add(ExperimentMeasure.Exact($"{r.u.Name}: wall time", Math.Round(r.u.Seconds, 1), $"seconds on this machine ({context.Profile})"));
        }
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed, Scale = context.Scale,
            Effect = "after the world changes: share of new facts answered and of old facts still answered, the held-out biography loss and the compute of each way to update (95% Wilson intervals at the questions' effective size over people; the losses and times are single estimates)",
            Measures = measures,
            Baseline = ExperimentMeasure.Exact("guessing a value uniformly", before.GuessRate, "share of questions"),
            HeldOut = "the new and old facts tested are about people whose questions no fine-tuning text asks, except (a)'s own new-fact lines; the loss text is the unchanged people's biographies in fresh wordings and orders",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts =
            [
                ("new-facts", Bars(rows.Select(r => r.u.Name), measures, ": new facts answered", "New facts (changed employers, newcomers), asked", "share of questions right")),
                ("new-facts-reworded", Bars(rows.Select(r => r.u.Name), measures, ": new facts asked in other words", "New facts asked in words no training text uses (\"Who employs Tovin?\")", "share of questions right")),
                ("old-facts", Bars(rows.Select(r => r.u.Name), measures, ": old facts answered", "Old facts still answered (forgetting)", "share of questions right")),
                ("held-out-loss", Charts.Bar([.. rows.Select(r => r.u.Name)], [.. rows.Select(r => r.Loss)], "Loss on unchanged people's biographies", "nats per character")),
                ("compute", Charts.Bar([.. rows.Select(r => r.u.Name)], [.. rows.Select(r => (double)r.u.Tokens)], "Training tokens each model cost (the T0 assistant: its whole training)", "tokens")),
            ],
        };
    }

    // New facts: the movers' employer and everything about the newcomers.
    private static bool[] NewFacts(Checkpoint model, BiographyWorld.Person[] moved, BiographyWorld.Person[] newcomers, bool otherWording) =>
        [.. BiographyLab.Answers(model, moved, BiographyWorld.EmployerAttribute, otherWording), .. BiographyLab.Answers(model, newcomers, null, otherWording)];

    private static Plotly.NET.GenericChart Bars(IEnumerable<string> names, List<ExperimentMeasure> measures, string suffix, string title, string yTitle)
    {
        var picked = names.Select(n => measures.Single(m => m.Name == n + suffix)).ToArray();
        return Charts.BarWithIntervals([.. picked.Select(m => m.Name[..^suffix.Length])], [.. picked.Select(m => m.Value)], [.. picked.Select(m => m.Low)], [.. picked.Select(m => m.High)], title, yTitle);
    }
}
