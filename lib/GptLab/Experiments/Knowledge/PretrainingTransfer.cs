using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;
using GptLab.Stages;

namespace GptLab.Experiments.Knowledge;

/// <summary>
/// What pretraining buys a classifier, GPT-1's claim (notebook 05): "animal or thing?" asked about nouns that no labelled
/// sentence contains, of three classifiers of one shape trained on the same sentences with <c>gptlab classify</c>'s recipe:
/// the chat base fine-tuned whole, a linear probe on it (the head alone), and the same network from random weights. The
/// unit of every interval is the held-out noun (its eight sentences share it); with <c>--seeds N</c>, the training seed:
/// each seed has its own chat base (<see cref="CourseModels.ChatBase"/>) and trains its three classifiers with that seed.
/// </summary>
public sealed class PretrainingTransfer : IExperiment
{
    /// <summary>The three classifiers, in the order they are trained and reported.</summary>
    public static IReadOnlyList<string> Arms { get; } = ["fine-tuned", "head only", "from scratch"];

    public string Name => "transfer";

    public string Summary => "what pretraining buys a classifier: nouns no labelled sentence contains, by the chat base fine-tuned, a linear probe on it and the same network from scratch";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        using var chatBase = CourseModels.ChatBase(context.Profile, context.Device, StepReports.Every100(context.Report, "training the chat base model"), context.Seed);
        var task = AnimalOrThing.Dataset();
        var nouns = AnimalOrThing.TestWords;
        var byNoun = nouns.Select(AnimalOrThing.Sentences).ToList();
        var sentences = byNoun.SelectMany(s => s).ToList();
        int[] units = [.. byNoun.SelectMany((s, noun) => s.Select(_ => noun))]; // each sentence's noun

        var right = new List<bool[]>();
        var scratchTrainAccuracy = 0.0;
        foreach (var arm in Arms)
        {
            context.Report?.Invoke($"training the classifier: {arm}");
            using var stage = ClassifierStage.Open(RunFolder.At(Path.Combine(context.Folder, arm.Replace(' ', '-'))), SettingsRequest.For(Settings(context, arm)),
                chatBase.Folder, context.Device, task, StartMode.Replace, "the transfer experiment");
            var result = stage.Train();
            var predicted = stage.Classifier.Predict(sentences.Select(s => s.Text));
            right.Add([.. predicted.Select((label, i) => label == sentences[i].Label)]);
            if (arm == Arms[^1]) scratchTrainAccuracy = result.Evaluations[^1].TrainAccuracy ?? double.NaN;
        }

        var measures = Measures(right, units, context.Seed);
        measures.Add(ExperimentMeasure.Exact("from scratch: accuracy on the training sentences", scratchTrainAccuracy, "share of training sentences (its last evaluation)") with { Bounds = ExperimentMeasure.Probability });
        var majority = task.MajorityBaseline();
        double[] PerNoun(bool[] arm) => [.. nouns.Select((_, n) => arm.Where((_, i) => units[i] == n).Average(r => r ? 1.0 : 0.0))];
        var accuracy = Arms.Select(arm => measures.Single(m => m.Name == Accuracy(arm))).ToList();
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = $"accuracy on held-out nouns: fine-tuned {accuracy[0].Value:P0}, head only {accuracy[1].Value:P0}, from scratch {accuracy[2].Value:P0}, " +
                $"majority baseline {majority:P0} (95% intervals over nouns: Wilson's at the effective size, paired bootstrap for differences)",
            Measures = measures,
            Baseline = ExperimentMeasure.Exact("majority baseline", majority, "share of held-out sentences (half of them animals, by construction)"),
            HeldOut = $"{nouns.Count} nouns ({string.Join(", ", nouns)}), every third of each list, {sentences.Count} sentences: no training sentence contains them",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts =
            [
                ("transfer-accuracy", Charts.BarWithIntervals([.. Arms, "majority baseline"], [.. accuracy.Select(m => m.Value), majority], [.. accuracy.Select(m => m.Low), majority],
                    [.. accuracy.Select(m => m.High), majority], $"Animal or thing? Held-out nouns, {context.Profile} profile (95% intervals over nouns)", "accuracy")),
                ("transfer-per-noun", Charts.GroupedBar(nouns, Arms.Select((arm, a) => new BarSeries(arm, PerNoun(right[a]))),
                    "Share of each held-out noun's sentences labelled right", "right")),
            ],
        };
    }

    /// <summary>The name of an arm's accuracy measure.</summary>
    public static string Accuracy(string arm) => $"{arm}: accuracy on held-out nouns";

    /// <summary>
    /// The measures of one seed from each arm's outcomes (<paramref name="right"/>[arm][sentence], arms in <see cref="Arms"/>
    /// order) and each sentence's noun: the arms' accuracies, their paired differences, and the null condition (the
    /// fine-tuned arm's even nouns against its odd ones, which nothing but chance tells apart).
    /// </summary>
    public static List<ExperimentMeasure> Measures(IReadOnlyList<bool[]> right, IReadOnlyList<int> units, long seed)
    {
        if (right.Count != Arms.Count) throw new GptLabException($"{right.Count} arms' outcomes, but the experiment has {Arms.Count}: {string.Join(", ", Arms)}");
        const string unit = "share of held-out sentences (interval over nouns)";
        var measures = Arms.Select((arm, a) => ExperimentMeasure.Share(Accuracy(arm), right[a], unit, units)).ToList();
        ExperimentMeasure Difference(int a, int b, long offset) =>
            ExperimentMeasure.PairedDifference($"{Arms[a]} − {Arms[b]}", Doubles(right[a]), Doubles(right[b]), seed + offset, "share of held-out sentences (paired by sentence, resampling nouns)", units) with { Bounds = (-1, 1) };
        measures.Add(Difference(0, 2, 1));
        measures.Add(Difference(1, 2, 2));
        measures.Add(Difference(0, 1, 3));
        measures.Add(NullSplit.Shares($"null: {Arms[0]}, even − odd nouns", right[0], unit, units));
        return measures;
    }

    // gptlab classify's preset of the profile, trained with the context's seed, as the arm asks.
    private static RunConfig Settings(ExperimentContext context, string arm)
    {
        var settings = ConfigResolver.Resolve(Stage.Classifier, context.Profile);
        var classify = settings.Classify ?? new ClassifyConfig();
        return settings with
        {
            Train = settings.Train with { Seed = context.Seed },
            Classify = classify with { HeadOnly = arm == Arms[1], FromScratch = arm == Arms[2] },
        };
    }

    private static double[] Doubles(bool[] outcomes) => [.. outcomes.Select(r => r ? 1.0 : 0.0)];
}
