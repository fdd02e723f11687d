using System.Diagnostics;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Plots;
using GptLab.Training;

namespace GptLab.Experiments.Limitations;

/// <summary>
/// Bias: a model trained on sentences in which each occupation takes its usual pronoun at a set rate p learns
/// P(pronoun | occupation); on held-out sentence frames, is p reproduced, damped or amplified? Probability is compared
/// with p, and so is the model's choice (which pronoun it finds more likely: what greedy decoding would write). Then
/// the mitigation: counterfactual data augmentation (every sentence also with the other pronoun), its effect on the
/// bias and its cost in loss on text of the original distribution. The baseline is the occupations with p = 0.5.
/// </summary>
public sealed class Bias : IExperiment
{
    public string Name => "bias";

    public string Summary => "P(pronoun | occupation) against its rate in the data (0.5–1.0), then counterfactual augmentation";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (sentences, steps) = context.Pick((6_000, 800), (30_000, 3_000), (100_000, 6_000));
        var seed = context.DataSeed;
        var corpus = PronounCorpus.Create(seed);
        var validation = corpus.Text(1_000, seed + 1); // fresh sentences of the original distribution
        using var original = LabModel.Train(context, "original", corpus.Text(sentences, seed), validation, steps);
        using var augmented = LabModel.Train(context, "counterfactual", corpus.Text(sentences, seed, counterfactual: true), validation, steps);

        context.Report?.Invoke("asking the held-out frames");
        var levels = PronounCorpus.Rates.Select(rate => (Rate: rate, Prompts: corpus.Occupations.Where(o => o.Rate == rate).SelectMany(corpus.Prompts).ToArray())).ToArray();
        double[] Usual(Checkpoint model, ChoiceQuestion[] prompts) => CompletionScorer.PreferRight(model.Model, model.Tokenizer, prompts);
        var originalP = levels.Select(l => Usual(original, l.Prompts)).ToArray();
        var augmentedP = levels.Select(l => Usual(augmented, l.Prompts)).ToArray();

        var measures = new List<ExperimentMeasure>();
        for (var i = 1; i < levels.Length; i++)
        {
            var p = levels[i].Rate;
            measures.Add(ExperimentMeasure.Mean($"p={p:F1}: P(usual pronoun)", originalP[i], context.Seed + i, "probability (usual over both)"));
            measures.Add(ExperimentMeasure.Share($"p={p:F1}: chooses the usual pronoun", [.. originalP[i].Select(x => x > 0.5)], "share of prompts"));
            measures.Add(ExperimentMeasure.Mean($"p={p:F1}, counterfactual: P(usual pronoun)", augmentedP[i], context.Seed + 20 + i, "probability (usual over both)"));
        }
        // Bias as distance from 0.5, over the occupations that have one in the data.
        double[] Distance(double[][] ps) => [.. ps.Skip(1).SelectMany(x => x).Select(x => Math.Abs(x - 0.5))];
        measures.Add(ExperimentMeasure.Difference("bias, distance of P from 0.5: counterfactual − original", Distance(augmentedP), Distance(originalP), context.Seed + 30, "probability"));
        context.Report?.Invoke("scoring text of the original distribution");
        var heldOutText = corpus.Text(1_000, seed + 2);
        var originalLoss = TextLoss.Score(original.Model, original.Tokenizer, heldOutText, "original");
        var augmentedLoss = TextLoss.Score(augmented.Model, augmented.Tokenizer, heldOutText, "counterfactual");
        var (costLow, costHigh) = Bootstrap.Difference(augmentedLoss.Windows, originalLoss.Windows, context.Seed + 31);
        measures.Add(new ExperimentMeasure("loss cost of the augmentation", augmentedLoss.Loss - originalLoss.Loss, costLow, costHigh, "nats per token on held-out original text"));

        var rates = levels.Select(l => l.Rate).ToArray();
        var chart = Charts.Lines(
        [
            new Series("the data's rate p (reproduced)", rates, rates),
            new Series("model: P(usual pronoun)", rates, [.. originalP.Select(x => x.Average())]),
            new Series("model: chooses the usual pronoun", rates, [.. originalP.Select(x => x.Average(v => v > 0.5 ? 1.0 : 0.0))]),
            new Series("after counterfactual augmentation: P", rates, [.. augmentedP.Select(x => x.Average())]),
        ], $"Bias in, bias out: the {context.Profile} model on held-out frames", "rate of the usual pronoun in the training data (p)", "probability or share", markers: true);
        var control = ExperimentMeasure.Mean("p=0.5 (no bias in the data): P(assigned pronoun)", originalP[0], context.Seed, "probability (usual over both)");
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = "the model's P(usual pronoun | occupation) and its choice against the rate p in the training data, before and after counterfactual augmentation (95% bootstrap intervals over held-out prompts)",
            Measures = measures,
            Baseline = control,
            HeldOut = $"the prompts use three sentence frames no training sentence uses (a test checks), each with {corpus.Prompts(corpus.Occupations[0]).Count / 3} names; the loss is measured on 1,000 freshly drawn sentences of the original distribution",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("pronoun-vs-rate", chart)],
        };
    }
}
