using System.Diagnostics;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;

namespace GptLab.Experiments.Limitations;

/// <summary>
/// Distributional shift: the course's Shakespeare model scored on held-out Shakespeare (its own distribution) and on
/// texts unlike it — modern children's stories, modern questions and answers, invented biographies, C# source. The
/// effect is each source's extra loss over held-out Shakespeare (nats per token, 95% bootstrap interval over windows);
/// the baseline is the held-out loss itself, beside the uniform guess ln V. Second half (<see cref="ArithmeticShift"/>):
/// the course's chat assistant on sums inside and outside the operand range fine-tuning taught it.
/// </summary>
public sealed class DistributionalShift : IExperiment
{
    public string Name => "distributional-shift";

    public string Summary => "the Shakespeare model's loss on text unlike its training data; the assistant's sums outside its SFT range";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        using var course = CourseModels.PretrainedShakespeare(context.Profile, context.Device, StepReports.Every100(context.Report, "training the course model"), context.Seed);
        var length = context.Tiny ? 4_000 : 30_000;
        var data = course.Meta.Config.Data;
        var heldOut = Corpus.Split(Corpus.Load(data.Corpus), data.ValFraction).Val; // never trained on
        var sources = new List<(string Name, string Text)> { ("Shakespeare (held out)", heldOut[..Math.Min(length, heldOut.Length)]) };
        foreach (var (name, text) in Others(length)) sources.Add((name, text));

        var scores = sources.Select(s =>
        {
            context.Report?.Invoke($"scoring {s.Name}");
            return (s.Name, Score: TextLoss.Score(course.Model, course.Tokenizer, s.Text, s.Name));
        }).ToList();
        var reference = scores[0].Score;
        var measures = scores.Skip(1).Select((s, i) =>
        {
            var (low, high) = Bootstrap.Difference(s.Score.Windows, reference.Windows, context.Seed + i);
            return new ExperimentMeasure($"{s.Name} − held out", s.Score.Loss - reference.Loss, low, high, "nats per token");
        }).ToList();
        // The null condition, the shift removed: the held-out text against itself, its even windows against its odd ones.
        // The check "costs more than held out" must fail here; a test and notebook 07 assert that it does.
        measures.Add(NullSplit.Windows(NullName, reference.Windows, context.Seed + 50, "nats per token (no shift: one text, so about 0)"));
        // Each source's own interval, once: the baseline's for the result, all of them for the chart.
        var intervals = scores.Select((s, i) => Bootstrap.Mean(s.Score.Windows, i == 0 ? context.Seed : context.Seed + 100 + i)).ToList();
        var (baseLow, baseHigh) = intervals[0];
        var uniform = Math.Log(course.Tokenizer.VocabSize);

        var (arithmetic, arithmeticChart) = ArithmeticShift.Run(context);
        measures.AddRange(arithmetic);

        var labels = scores.Select(s => $"{s.Name}{(s.Score.Skipped > 0 ? $" ({s.Score.Skipped:N0} chars skipped)" : "")}").Append("uniform guess (ln V)").ToList();
        var chart = Charts.BarWithIntervals(labels, [.. scores.Select(s => s.Score.Loss), uniform], [.. intervals.Select(i => i.Low), uniform], [.. intervals.Select(i => i.High), uniform],
            $"The {context.Profile} Shakespeare model on text unlike its training data (95% intervals)", "loss (nats per token)");
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = "extra loss of each source over held-out Shakespeare, the model's own distribution (nats per token, 95% bootstrap interval over context windows); and the chat assistant's preference for the right sum over a wrong one inside and outside its fine-tuning range (95% Wilson interval over problems, Newcombe's for the difference)",
            Measures = measures,
            Baseline = new ExperimentMeasure("held-out Shakespeare", reference.Loss, baseLow, baseHigh, $"nats per token (uniform guess: ln {course.Tokenizer.VocabSize} = {uniform:F3})"),
            HeldOut = $"the held-out Shakespeare is the last {data.ValFraction:P0} of the corpus (the validation split, never a training batch); the other sources are other files. Characters the model's vocabulary lacks are left out and counted. The trained-range arithmetic problems are the SFT test split (never asked in training in any wording); the other ranges have operands above 20, which no SFT problem has.",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("loss-per-source", chart), ("arithmetic-by-range", arithmeticChart)],
        };
    }

    /// <summary>The null condition's measure: held-out Shakespeare's even windows − its odd ones.</summary>
    public const string NullName = "null: held out, even windows − odd windows";

    // The shipped corpora unlike Shakespeare (data/*/PROVENANCE.md), and GptLab's own C# source when the repository is there.
    private static IEnumerable<(string Name, string Text)> Others(int length)
    {
        string Start(string text) => text[..Math.Min(length, text.Length)];
        yield return ("TinyStories", Start(Corpus.LoadFile(RepoPaths.Resolve("data/tinystories/stories.txt"))));
        var dolly = Data.Tasks.DollyPairs.Load(RepoPaths.Resolve(Data.Tasks.DollyPairs.DefaultPath), 4_000);
        yield return ("Dolly answers", Start(string.Join("\n\n", dolly.Select(d => d.Messages[^1].Content))));
        yield return ("invented facts", Start(Corpus.LoadFile(RepoPaths.Resolve("data/synthetic/facts.txt"))));
        if (RepoPaths.Root is { } root && Directory.Exists(Path.Combine(root, "lib", "GptLab")))
        {
            var code = string.Join("\n", Directory.EnumerateFiles(Path.Combine(root, "lib", "GptLab"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText));
            yield return ("C# source", Start(code));
        }
    }
}
