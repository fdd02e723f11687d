using System.Diagnostics;
using GptLab.Data;
using GptLab.Data.Tasks;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Model;
using GptLab.Plots;
using GptLab.Sampling;
using GptLab.Tokenization;

namespace GptLab.Experiments.Limitations;

/// <summary>
/// Memorization against generalization: passages inserted 1, 2, 4, 8 or 16 times into the Shakespeare corpus, and
/// passages never inserted. At every evaluation the model is given each passage's first 24 characters and continues
/// greedily; a passage counts as memorised when the next 32 characters come out exactly (prompt and continuation fit
/// the context of 64). The rate per number of
/// copies is charted over training (in epochs of the corpus) beside the gap between train and validation loss. The
/// baseline is the never-inserted passages.
/// </summary>
public sealed class Memorization : IExperiment
{
    public string Name => "memorization";

    public string Summary => "verbatim continuation of passages seen 1–16 times against never-seen ones, over training";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (baseLength, perGroup, steps, evals) = context.Pick((20_000, 6, 1_500, 3), (100_000, 12, 4_000, 5), (400_000, 24, 8_000, 8));
        var (train, val) = Corpus.Split(Corpus.Load(RepoPaths.Resolve("data/tinyshakespeare/input.txt")), 0.1);
        var stories = Corpus.LoadFile(RepoPaths.Resolve("data/tinystories/stories.txt"));
        var world = RepeatedPassages.Create(train[..Math.Min(baseLength, train.Length)], stories, FactWorld.DocumentEnd.Trim(), perGroup, context.DataSeed);
        var groups = RepeatedPassages.Copies.Select(c => (Name: $"{c} cop{(c == 1 ? "y" : "ies")}", Passages: world.Inserted.Where(i => i.Copies == c).Select(i => i.Passage).ToArray()))
            .Append((Name: "never inserted", Passages: world.HeldOut.ToArray())).ToArray();

        var tokensPerStep = (double)LabModel.BatchSize * LabModel.Shape(context).BlockSize;
        var epochs = new List<double>();
        var rates = groups.Select(_ => new List<double>()).ToArray();
        var gap = new List<double>();
        bool[][] last = [];
        using var model = LabModel.Train(context, "model", world.Text, val[..Math.Min(val.Length, 50_000)], steps, evalEvery: steps / evals,
            atEval: (step, gpt, tokenizer, metric) =>
            {
                context.Report?.Invoke($"step {step}: continuing the passages");
                last = [.. groups.Select(g => g.Passages.Select(p => Continues(gpt, tokenizer, p)).ToArray())];
                epochs.Add(step * tokensPerStep / world.Text.Length);
                for (var i = 0; i < groups.Length; i++) rates[i].Add(last[i].Average(m => m ? 1.0 : 0.0));
                gap.Add((metric.ValLoss ?? double.NaN) - (metric.TrainEvalLoss ?? double.NaN));
            });

        var measures = groups.Select((g, i) => ExperimentMeasure.Share($"{g.Name}: verbatim", last[i], "share of passages")).ToList();
        var heldOut = measures[^1];
        measures.RemoveAt(measures.Count - 1);
        measures.Add(ExperimentMeasure.ShareDifference("16 copies − never inserted", last[^2], last[^1], "share of passages"));
        // The null condition: 16 copies against 16 copies, half the passages against the other half. The check "repeats
        // are memorised" must fail on it; notebook 07 asserts that it does.
        measures.Add(NullSplit.Shares(NullName, last[^2], "share of passages (one number of copies in both halves, so about 0)"));
        measures.Add(ExperimentMeasure.Exact("val − train loss at the end", gap[^1], "nats per token (one estimate, no interval)"));
        measures.Add(ExperimentMeasure.Exact("epochs of the corpus at the end", epochs[^1], "passes over the training text (a count, no interval)"));

        var rateChart = Charts.Lines(groups.Select((g, i) => new Series(g.Name, epochs, rates[i])),
            $"Verbatim continuation over training ({perGroup} passages per group, {context.Profile})", "epochs of the corpus", "share of passages continued exactly", markers: true);
        // A passage inserted c times is read c times per pass over the corpus: its exposures are c × passes, which is what
        // "seen once" means over several passes (about 31 exposures in the cpu profile).
        var copies = RepeatedPassages.Copies.ToArray();
        var exposureChart = Charts.Lines(copies.Select((c, i) => new Series(groups[i].Name, [.. epochs.Select(e => c * e)], rates[i])),
            $"Verbatim continuation against how often each passage was read ({context.Profile})", "exposures of the passage (copies × passes over the corpus)", "share of passages continued exactly", markers: true, logX: true);
        var gapChart = Charts.Lines([new Series("validation − train loss", epochs, gap)], "The generalization gap over the same training", "epochs of the corpus", "nats per token", markers: true);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = $"share of passages whose first {RepeatedPassages.PromptLength} characters make the model write the next {RepeatedPassages.ContinuationLength} exactly (greedy), by copies in the training text, at the end of training (95% Wilson interval over passages, Newcombe's for the difference)",
            Measures = measures,
            Baseline = heldOut,
            HeldOut = "the never-inserted passages are other stories' paragraphs with distinct openings, absent from the training text (a test checks); the validation loss is the corpus's last 10% (Shakespeare's validation split)",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("verbatim-over-training", rateChart), ("verbatim-against-exposures", exposureChart), ("generalization-gap", gapChart)],
        };
    }

    /// <summary>The null condition's measure: verbatim continuation of the even 16-copy passages − the odd ones.</summary>
    public const string NullName = "null: 16 copies, even − odd passages";

    // Does the model, given the passage's opening after a line break, write its continuation exactly?
    private static bool Continues(Gpt model, ITokenizer tokenizer, string passage)
    {
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = RepeatedPassages.ContinuationLength };
        var written = new Sampler(model, tokenizer).Generate("\n" + passage[..RepeatedPassages.PromptLength], options);
        return written == passage.Substring(RepeatedPassages.PromptLength, RepeatedPassages.ContinuationLength);
    }
}
