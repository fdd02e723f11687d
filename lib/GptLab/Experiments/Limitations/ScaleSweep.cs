using System.Diagnostics;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;

namespace GptLab.Experiments.Limitations;

/// <summary>
/// "A tiny little piece of the world": three widths × three step counts trained on Shakespeare, each run with its own
/// full learning-rate schedule, scored on the held-out validation text, and charted as loss against training compute
/// C ≈ 6·N·D (N parameters outside the embeddings, D tokens seen; Kaplan et al., 2020). The baseline is the unigram
/// loss: what a model that ignores the context reaches.
/// </summary>
public sealed class ScaleSweep : IExperiment
{
    public string Name => "scale";

    public string Summary => "val loss against training compute 6·N·D over 3 widths × 3 step counts";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var widths = context.Pick<int[]>([16, 32, 64], [32, 64, 128], [96, 192, 384]);
        var stepCounts = context.Pick<int[]>([50, 100, 200], [250, 500, 1_000], [1_000, 2_000, 4_000]);
        var (train, val) = Corpus.Split(Corpus.Load(RepoPaths.Resolve("data/tinyshakespeare/input.txt")), 0.1);
        var heldOut = val[..Math.Min(val.Length, context.Tiny ? 8_000 : 30_000)];
        var shape = LabModel.Shape(context);
        var runs = new List<(int Width, int Steps, double Compute, long Parameters, TextLossResult Score)>();
        double unigram = 0;
        foreach (var width in widths)
            foreach (var steps in stepCounts)
            {
                using var model = LabModel.Train(context, $"width{width}-steps{steps}", train, val[..Math.Min(val.Length, 20_000)], steps, shape with { NEmbd = width });
                var parameters = ParameterBreakdown.Of(model.Model).Where(s => !s.Component.EndsWith("embedding", StringComparison.Ordinal)).Sum(s => s.Count);
                var tokens = (double)steps * LabModel.BatchSize * shape.BlockSize;
                runs.Add((width, steps, 6 * parameters * tokens, parameters, TextLoss.Score(model.Model, model.Tokenizer, heldOut, $"width {width}, {steps} steps")));
                if (unigram == 0) unigram = LossBaselines.Of(model.Tokenizer.Encode(train), model.Tokenizer.VocabSize).UnigramNats;
            }

        var measures = runs.Select((r, i) =>
        {
            var (low, high) = Bootstrap.Mean(r.Score.Windows, context.Seed + i);
            return new ExperimentMeasure($"width {r.Width} ({r.Parameters:N0} parameters), {r.Steps} steps: val loss", r.Score.Loss, low, high, $"nats per token at C = {r.Compute:E2} FLOPs");
        }).ToList();
        var (least, most) = (runs.MinBy(r => r.Compute), runs.MaxBy(r => r.Compute));
        // Both score the same held-out windows: the difference is paired window by window.
        var (dLow, dHigh) = Bootstrap.Mean([.. most.Score.Windows.Zip(least.Score.Windows, (m, l) => (m.Loss - l.Loss, m.Tokens))], context.Seed + 100);
        measures.Add(new ExperimentMeasure($"most − least compute ({most.Compute / least.Compute:F0}× the FLOPs)", most.Score.Loss - least.Score.Loss, dLow, dHigh, "nats per token"));
        // The null condition: the least compute against itself, its even held-out windows against its odd ones. The check
        // "compute lowers the loss" must fail on it; notebook 07 asserts that it does.
        measures.Add(NullSplit.Windows(NullName, least.Score.Windows, context.Seed + 200, "nats per token (one model in both halves, so about 0)"));

        var chart = Charts.Lines(widths.Select(w => new Series($"width {w}", [.. runs.Where(r => r.Width == w).Select(r => Math.Log10(r.Compute))], [.. runs.Where(r => r.Width == w).Select(r => r.Score.Loss)]))
                .Append(new Series("unigram (no context)", [Math.Log10(least.Compute), Math.Log10(most.Compute)], [unigram, unigram])),
            $"Loss against training compute ({context.Profile} sweep, {shape.NLayer} layers)", "log10 training compute (FLOPs, 6·N·D)", "held-out loss (nats per token)", markers: true);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = "held-out loss of each width and step count against its training compute 6·N·D (95% bootstrap interval over context windows, paired for the difference; across training seeds with --seeds)",
            Measures = measures,
            Baseline = ExperimentMeasure.Exact("unigram loss (the context ignored)", unigram, "nats per token (exact, from the training split's counts)"),
            HeldOut = "every run trains on the first 90% of tiny Shakespeare and is scored on the last 10% (the validation split, never a training batch)",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("loss-vs-compute", chart)],
        };
    }

    /// <summary>The null condition's measure: the least-compute run's loss on even held-out windows − on odd ones.</summary>
    public const string NullName = "null: least compute, even − odd held-out windows";
}
