using System.Diagnostics;
using System.Text;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Plots;
using GptLab.Sampling;
using GptLab.Tokenization;
using Plotly.NET;

namespace GptLab.Experiments.Knowledge;

/// <summary>
/// Creativity without copying: the course's chat base (a TinyStories model) continues the first sentences of held-out
/// stories at several temperatures. Diversity: distinct-2 over all continuations of a temperature and their self-BLEU.
/// Novelty: the share of each continuation's 8-word sequences found in the pretraining text, and its longest run of
/// words found there. The baseline is the stories' own human-written continuations, measured the same way: TinyStories
/// is formulaic, so even unseen human text shares short runs with the training text.
/// </summary>
public sealed class Creativity : IExperiment
{
    /// <summary>The temperatures sampled (0: greedy).</summary>
    public static IReadOnlyList<double> Temperatures { get; } = [0, 0.5, 0.8, 1.0, 1.3];

    /// <summary>Words kept of every continuation, generated or human, so all are measured at one length.</summary>
    public const int Words = 40;

    /// <summary>The sample table the experiment writes beside result.json: a few openings, each continued at every temperature.</summary>
    public const string SamplesFile = "samples.md";

    public string Name => "creativity";

    public string Summary => "story continuations against temperature: diversity (distinct-2, self-BLEU) and novelty (8-grams and runs found in the pretraining text)";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        using var chatBase = CourseModels.ChatBase(context.Profile, context.Device, StepReports.Every100(context.Report, "training the chat base model"), context.Seed);
        var data = chatBase.Meta.Config.Data;
        var (trainText, valText) = Corpus.Split(Corpus.Load(data.Corpus), data.ValFraction);
        context.Report?.Invoke("indexing the pretraining text's words");
        var index = new WordIndex(trainText);
        var count = context.Pick(12, 40, 100);
        var openings = Openings(valText, count);
        var human = openings.Select(o => Cut(o.Next)).ToList();

        var sampler = new Sampler(chatBase.Model, chatBase.Tokenizer);
        var samples = Temperatures.Select(t =>
        {
            context.Report?.Invoke($"continuing {openings.Count} openings at temperature {t}");
            return openings.Select((o, i) => Cut(sampler.Generate(o.Start, new SamplingOptions
            {
                Temperature = t, MaxNewTokens = 2 * Words, Seed = context.Seed + i, StopSequences = [SpecialTokens.EndOfText],
            }))).ToList();
        }).ToList();

        var measures = new List<ExperimentMeasure>();
        var rows = Temperatures.Select((t, i) => (Name: $"temperature {t:0.0}", Texts: samples[i]))
            .Append((Name: "human continuations", Texts: human)).ToList();
        foreach (var (name, texts) in rows)
        {
            var seed = context.Seed + 10 * measures.Count;
            var (distinct, low, high) = Diversity.Distinct(texts, 2);
            // Each with its bounds, so that an interval across seeds never leaves them (a share below 0, a run longer than the text).
            var share = ExperimentMeasure.Probability;
            measures.Add(new ExperimentMeasure($"{name}: distinct-2", distinct, low, high, "unique word pairs / word pairs, all continuations") { Bounds = share });
            measures.Add(ExperimentMeasure.Mean($"{name}: self-BLEU", Diversity.SelfBleu(texts), seed + 1, "BLEU-4 against the other continuations", bounds: share));
            measures.Add(ExperimentMeasure.Mean($"{name}: 8-grams found in the pretraining text", [.. texts.Select(w => index.SharedFraction(w, 8))], seed + 2, "share of the continuation's 8-word sequences", bounds: share));
            measures.Add(ExperimentMeasure.Mean($"{name}: longest run found in the pretraining text", [.. texts.Select(w => (double)index.LongestRun(w))], seed + 3, "words", bounds: (0, Words)));
        }
        WriteSamples(Path.Combine(context.Folder, SamplesFile), openings, samples, human);

        double Value(string row, string what) => measures.Single(m => m.Name == $"{row}: {what}").Value;
        GenericChart Lines(string title, string yTitle, params string[] whats) => Charts.Lines(whats.SelectMany(w => new[]
        {
            new Series(w, [.. Temperatures], [.. rows.SkipLast(1).Select(r => Value(r.Name, w))]),
            new Series($"{w}, human text", [.. Temperatures], [.. Temperatures.Select(_ => Value("human continuations", w))]),
        }), title, "temperature", yTitle, markers: true);
        var greedy = rows[0].Name;
        return new ExperimentResult
        {
            Experiment = Name,
            Profile = context.Profile,
            Seed = context.Seed,
            Effect = $"distinct-2 {Value(greedy, "distinct-2"):F2} greedy → {Value(rows[^2].Name, "distinct-2"):F2} at temperature {Temperatures[^1]:0.0} " +
                $"(human {Value("human continuations", "distinct-2"):F2}); 8-grams found in training {Value(greedy, "8-grams found in the pretraining text"):P0} → " +
                $"{Value(rows[^2].Name, "8-grams found in the pretraining text"):P0} (human {Value("human continuations", "8-grams found in the pretraining text"):P0})",
            Measures = measures,
            Baseline = measures.Single(m => m.Name == "human continuations: 8-grams found in the pretraining text"),
            HeldOut = $"{openings.Count} stories from the validation end of the chat base's text, never trained on; {Words} words of each continuation, {index.Count:N0} words of pretraining text indexed",
            ElapsedS = clock.Elapsed.TotalSeconds,
            Charts =
            [
                ("creativity-diversity", Lines("Diversity against temperature (human-written continuations for comparison)", "score", "distinct-2", "self-BLEU")),
                ("creativity-novelty", Lines("Copying against temperature: 8-word sequences found in the pretraining text", "share", "8-grams found in the pretraining text")),
                ("creativity-longest", Lines("Longest run of words found in the pretraining text", "words", "longest run found in the pretraining text")),
            ],
        };
    }

    // The first sentence of each validation story and the rest, for stories long enough to measure.
    private static List<(string Start, string Next)> Openings(string text, int count) =>
        [.. text.Split(SpecialTokens.EndOfText, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Skip(1) // the first piece may be a story cut in half by the split
            .Select(story => story.Replace('\n', ' '))
            .Select(story => (Story: story, End: story.IndexOf(". ", StringComparison.Ordinal)))
            .Where(s => s.End > 0 && WordIndex.Words(s.Story[(s.End + 1)..]).Length >= Words)
            .Select(s => (s.Story[..(s.End + 1)], s.Story[(s.End + 1)..]))
            .Take(count)];

    private static string[] Cut(string text) =>
        WordIndex.Words(text.Split(SpecialTokens.EndOfText)[0]).Take(Words).ToArray();

    private static void WriteSamples(string path, List<(string Start, string Next)> openings, List<List<string[]>> samples, List<string[]> human)
    {
        var text = new StringBuilder("| opening | continuation | words |\n| --- | --- | --- |\n");
        for (var i = 0; i < Math.Min(3, openings.Count); i++)
        {
            for (var t = 0; t < Temperatures.Count; t++)
                text.Append($"| {(t == 0 ? openings[i].Start : "")} | temperature {Temperatures[t]:0.0}: {string.Join(' ', samples[t][i])} | {samples[t][i].Length} |\n");
            text.Append($"| | human: {string.Join(' ', human[i])} | {human[i].Length} |\n");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        IO.AtomicFile.WriteAllText(path, text.ToString());
    }
}
