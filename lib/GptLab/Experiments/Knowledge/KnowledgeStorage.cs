using System.Diagnostics;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Plots;

namespace GptLab.Experiments.Knowledge;

/// <summary>
/// Knowledge storage and extraction (Allen-Zhu &amp; Li, <i>Physics of Language Models, Part 3.1</i>, 2023): a model is
/// pretrained on biographies of everyone, then fine-tuned on question–answer lines about half of the people; asked
/// about the other half, does it answer? Six pretraining texts (<see cref="Conditions"/>), the same number of steps
/// each. Only a fact stored with the name it belongs to can be extracted by a question that starts from that name.
/// Stored is measured apart from extracted: the pretrained model completing a held-out person's biography sentence in a
/// wording its text never states with that name ("Tovin is employed by " when the text says "Tovin works for Zarp."), so a
/// completion is a fact stored with the name, not a line read verbatim.
/// </summary>
public sealed class KnowledgeStorage : IExperiment
{
    /// <summary>One pretraining text: biographies per person, varied wording, shuffled sentence order, the name in every sentence, questions mixed in.</summary>
    public sealed record Condition(string Name, int PerPerson, bool VaryWording, bool Permute, bool FullName = false, bool Mixed = false)
    {
        /// <summary>The folder of its models under the experiment's.</summary>
        public string Folder => Name.Replace(" + ", "-").Replace(", ", "-").Replace(' ', '-');
    }

    /// <summary>
    /// The paper's four texts (a pronoun after the first sentence, as in its bioS), then its "fullname" augmentation on
    /// the richest one (the name in every sentence), then that text with the other half's questions mixed into
    /// pretraining (no separate fine-tuning), which its authors recommend.
    /// </summary>
    public static IReadOnlyList<Condition> Conditions { get; } =
    [
        new(Single, 1, false, false), new("single + permute", 5, false, true), new("multi5", 5, true, false), new(PaperBest, 5, true, true),
        new(FullNames, 5, true, true, FullName: true), new("full names, questions mixed in", 5, true, true, FullName: true, Mixed: true),
    ];

    /// <summary>
    /// The conditions a run of <paramref name="profile"/> trains: all six, but in the tiny profile (CI, whose models are too
    /// small to store a fact) only single, multi5 + permute and full names, which every difference and notebook 08's
    /// exercise need; the others take the same code path.
    /// </summary>
    public static IReadOnlyList<Condition> ConditionsFor(string profile) =>
        ExperimentContext.IsTiny(profile) ? [.. Conditions.Where(c => c.Name is Single or PaperBest or FullNames)] : Conditions;

    private const string Single = "single", PaperBest = "multi5 + permute", FullNames = "multi5 + permute + full names";

    /// <summary>Held-out QA accuracy in the paper (GPT-2 small, N = 100,000), for the first four conditions.</summary>
    public static IReadOnlyList<double> PaperAccuracy { get; } = [0.097, 0.70, 0.41, 0.966];

    public bool Scales => true;

    public string Name => "knowledge";

    public string Summary => "facts from biographies extracted by questions about held-out people: one biography against five wordings and orders";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (people, steps, questionSteps) = BiographyLab.Budget(context);
        var seed = context.DataSeed;
        var world = BiographyWorld.Create(people, seed);
        var asked = world.People.Take(people / 2).ToArray(); // their questions fine-tune every model
        var heldOut = world.People.Skip(people / 2).ToArray(); // never asked in training: the test
        var questions = BiographyWorld.QuestionText(asked, 1, seed + 2);
        var monitor = BiographyWorld.Biographies(asked.Take(20), 1, varyWording: true, permute: true, seed + 3); // a loss monitor, not a test

        // Four questions and four biography sentences per person, one per attribute, person by person: the person is the unit.
        var attributes = BiographyWorld.Attributes.Count;
        var person = UnitLabels.InRunsOf(heldOut.Length * attributes, attributes);
        var measures = new List<ExperimentMeasure>();
        var conditions = ConditionsFor(context.Profile);
        var heldOutRight = new List<bool[]>(); // [condition][question]
        var stored = new List<(bool[] Right, int[] Person)>(); // [condition]: each sentence, and whose
        foreach (var condition in conditions)
        {
            var biographies = BiographyWorld.Biographies(world.People, condition.PerPerson, condition.VaryWording, condition.Permute, seed + 1, condition.FullName);
            var text = condition.Mixed ? TextLines.Mix(seed + 4, biographies, questions, questions) : biographies;
            using var pretrained = BiographyLab.Pretrain(context, condition.Folder, text, monitor, steps);
            stored.Add(BiographyLab.Completions(pretrained, heldOut, text));
            measures.Add(ExperimentMeasure.Share($"{condition.Name}: held-out people's biography sentences completed", stored[^1].Right, "share of sentences (a wording not in the text)", stored[^1].Person));
            using var tuned = condition.Mixed ? null : BiographyLab.FineTune(context, condition.Folder + "-qa", pretrained, questions, monitor, questionSteps);
            var answering = tuned ?? pretrained;
            context.Report?.Invoke($"{condition.Name}: asking about {heldOut.Length} held-out people");
            heldOutRight.Add(BiographyLab.Answers(answering, heldOut));
            measures.Add(ExperimentMeasure.Share($"{condition.Name}: held-out people answered", heldOutRight[^1], units: person));
            measures.Add(ExperimentMeasure.Share($"{condition.Name}: fine-tuned people answered", BiographyLab.Answers(answering, asked), units: UnitLabels.InRunsOf(asked.Length * attributes, attributes)));
        }
        var names = conditions.Select(c => c.Name).ToList();
        int At(string name) => names.IndexOf(name);
        var (single, paperBest, fullNames) = (At(Single), At(PaperBest), At(FullNames));
        measures.Add(ExperimentMeasure.ShareDifference("answered: multi5 + permute − single", heldOutRight[paperBest], heldOutRight[single], "share of questions", person, person));
        measures.Add(ExperimentMeasure.ShareDifference("answered: full names − single", heldOutRight[fullNames], heldOutRight[single], "share of questions", person, person));
        measures.Add(ExperimentMeasure.ShareDifference("stored: multi5 + permute − single", stored[paperBest].Right, stored[single].Right, "share of sentences", stored[paperBest].Person, stored[single].Person));
        measures.Add(ExperimentMeasure.ShareDifference("stored: full names − single", stored[fullNames].Right, stored[single].Right, "share of sentences", stored[fullNames].Person, stored[single].Person));
        for (var a = 0; a < BiographyWorld.Attributes.Count; a++)
            for (var c = 0; c < conditions.Count; c++)
                measures.Add(ExperimentMeasure.Share($"{conditions[c].Name}: {BiographyWorld.Attributes[a]}", OfAttribute(heldOutRight[c], a)));

        string[] labels = [.. names];
        // The paper's four texts that this run trained, each beside the paper's number.
        var paper = Conditions.Take(PaperAccuracy.Count).Select((c, i) => (c.Name, Paper: PaperAccuracy[i], Run: At(c.Name))).Where(p => p.Run >= 0).ToArray();
        var beside = Charts.GroupedBar([.. paper.Select(p => p.Name)],
        [
            new BarSeries($"this lab ({context.Profile}, N = {people})", [.. paper.Select(p => heldOutRight[p.Run].Average(x => x ? 1.0 : 0.0))]),
            new BarSeries("Allen-Zhu & Li (GPT-2, N = 100,000)", [.. paper.Select(p => p.Paper)]),
        ], "Held-out people: questions answered from pretraining alone", "share of questions right");
        var byAttribute = Charts.GroupedBar([.. BiographyWorld.Attributes],
            labels.Select(l => new BarSeries(l, [.. BiographyWorld.Attributes.Select(a => Value(measures, $"{l}: {a}"))])), $"Held-out accuracy by attribute ({context.Profile})", "share of questions right");
        var storedChart = Charts.GroupedBar(labels,
        [
            new BarSeries("stored: the biography sentence completed", [.. labels.Select(l => Value(measures, $"{l}: held-out people's biography sentences completed"))]),
            new BarSeries("extracted: the question answered", [.. labels.Select(l => Value(measures, $"{l}: held-out people answered"))]),
        ], $"Held-out people: what the model stored against what a question gets out ({context.Profile})", "share right");
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed, Scale = context.Scale,
            Effect = "exact-match answers about people whose questions were never trained, after pretraining on one biography each or on five varied ones, or with the other half's questions mixed into pretraining; beside it, the same facts completed as biography sentences in a wording the text never states with the name (95% Wilson intervals at the questions' effective size over people, Newcombe's for differences; an attribute's share: one question per person)",
            Measures = measures,
            Baseline = ExperimentMeasure.Exact("guessing a value uniformly", world.GuessRate, "share of questions (pools of 16, 12, 12, 16)"),
            HeldOut = "the held-out half's questions appear in no training text, only their biographies (a test checks); the fine-tuning text asks only about the other half",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("beside-the-paper", beside), ("stored-and-extracted", storedChart), ("by-attribute", byAttribute)],
        };
    }

    private static double Value(List<ExperimentMeasure> measures, string name) => measures.Single(m => m.Name == name).Value;

    // The answers about one attribute: questions come four per person, in attribute order.
    private static bool[] OfAttribute(bool[] right, int attribute) => [.. right.Where((_, i) => i % BiographyWorld.Attributes.Count == attribute)];
}
