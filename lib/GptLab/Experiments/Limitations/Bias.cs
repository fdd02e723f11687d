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
/// bias and its cost in loss on text of the original distribution, on every token and on the pronouns alone. The
/// occupation is the unit (six per rate): a rate's numbers are means over its occupations with a t interval across
/// them. The baseline is the occupations with p = 0.5, measured the same way: every check of an effect fails there.
/// </summary>
public sealed class Bias : IExperiment
{
    public string Name => "bias";

    public string Summary => "P(pronoun | occupation) against its rate in the data (0.5–1.0), then counterfactual augmentation";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        // The tiny model gets a higher learning rate for its few steps: at 2e-3 it needs 1,600 to tell the rates apart.
        var (sentences, steps, learningRate) = context.Pick((6_000, 1_000, 4e-3), (30_000, 3_000, 2e-3), (100_000, 6_000, 2e-3));
        var seed = context.DataSeed;
        var corpus = PronounCorpus.Create(seed);
        var validation = corpus.Text(1_000, seed + 1); // fresh sentences of the original distribution
        using var original = LabModel.Train(context, "original", corpus.Text(sentences, seed), validation, steps, learningRate: learningRate);
        using var augmented = LabModel.Train(context, "counterfactual", corpus.Text(sentences, seed, counterfactual: true), validation, steps, learningRate: learningRate);

        context.Report?.Invoke("asking the held-out frames");
        // [rate][occupation of that rate][prompt]: P(usual pronoun), the usual one's probability over both.
        double[][][] Usual(Checkpoint model) => [.. PronounCorpus.Rates.Select(rate => corpus.Occupations.Where(o => o.Rate == rate)
            .Select(o => CompletionScorer.PreferRight(model.Model, model.Tokenizer, corpus.Prompts(o))).ToArray())];
        var (originalP, augmentedP) = (Usual(original), Usual(augmented));

        var measures = new List<ExperimentMeasure>();
        for (var i = 0; i < PronounCorpus.Rates.Length; i++)
        {
            var p = PronounCorpus.Rates[i];
            measures.Add(ExperimentMeasure.AcrossUnits($"p={p:F1}: P(usual pronoun)", [.. originalP[i].Select(o => o.Average())], Per("probability (usual over both)"), ExperimentMeasure.Probability));
            measures.Add(ExperimentMeasure.Share($"p={p:F1}: chooses the usual pronoun", [.. originalP[i].SelectMany(o => o.Select(x => x > 0.5))],
                "share of prompts (Wilson at their effective size over occupations)", [.. originalP[i].SelectMany((o, k) => o.Select(_ => k))]));
            // Amplification: how far the choice (what greedy decoding writes) is beyond the probability, prompt by prompt.
            measures.Add(ExperimentMeasure.AcrossUnits($"p={p:F1}: choice − P(usual pronoun)", [.. originalP[i].Select(o => o.Average(x => (x > 0.5 ? 1 : 0) - x))], Per("share − probability"), (-1, 1)));
            measures.Add(ExperimentMeasure.AcrossUnits($"p={p:F1}, counterfactual: P(usual pronoun)", [.. augmentedP[i].Select(o => o.Average())], Per("probability (usual over both)"), ExperimentMeasure.Probability));
        }
        // Bias as distance from 0.5, occupation by occupation, over the occupations that have one in the data.
        var distance = originalP.Skip(1).SelectMany(r => r).Zip(augmentedP.Skip(1).SelectMany(r => r), (o, a) => a.Average(x => Math.Abs(x - 0.5)) - o.Average(x => Math.Abs(x - 0.5)));
        measures.Add(ExperimentMeasure.AcrossUnits("bias, distance of P from 0.5: counterfactual − original", [.. distance], Per("probability"), (-0.5, 0.5)));

        context.Report?.Invoke("scoring text of the original distribution");
        var heldOutText = corpus.Text(1_000, seed + 2);
        var (originalLoss, augmentedLoss) = (TextLoss.Score(original.Model, original.Tokenizer, heldOutText, "original"), TextLoss.Score(augmented.Model, augmented.Tokenizer, heldOutText, "counterfactual"));
        // Both models score the same windows: the difference is paired window by window.
        var (costLow, costHigh) = Bootstrap.Mean([.. augmentedLoss.Windows.Zip(originalLoss.Windows, (a, o) => (a.Loss - o.Loss, a.Tokens))], context.Seed + 31);
        measures.Add(new ExperimentMeasure("loss cost of the augmentation", augmentedLoss.Loss - originalLoss.Loss, costLow, costHigh, "nats per token on held-out original text (paired windows)"));
        var heldOut = corpus.Sentences(1_000, seed + 3);
        double[] PronounLoss(Checkpoint model) => [.. CompletionScorer.LogProbabilities(model.Model, model.Tokenizer, [.. heldOut.Select(s => ("\n" + s.Prefix, s.Pronoun + " "))]).Select(l => -l)];
        var occupations = corpus.Occupations.ToList();
        var occupationOf = heldOut.Select(s => occupations.IndexOf(s.Occupation)).ToArray();
        measures.Add(ExperimentMeasure.PairedDifference("pronoun loss cost of the augmentation", PronounLoss(augmented), PronounLoss(original), context.Seed + 32,
            "nats per pronoun on held-out original sentences (paired, occupations resampled)", occupationOf));
        // What the rates alone cost a model that predicts 0.5 where the data has p: ln 2 − H(p), averaged over the occupations.
        measures.Add(ExperimentMeasure.Exact("pronoun loss cost expected from the rates alone", corpus.Occupations.Average(o => Math.Log(2) - Entropy(o.Rate)),
            "nats per pronoun (by construction: a model at exactly 0.5 against one at exactly p)"));

        var rates = PronounCorpus.Rates;
        double Rate(double[][] occupations, Func<double, double> f) => occupations.Average(o => o.Average(f));
        var chart = Charts.Lines(
        [
            new Series("the data's rate p (reproduced)", rates, rates),
            new Series("model: P(usual pronoun)", rates, [.. originalP.Select(r => Rate(r, x => x))]),
            new Series("model: chooses the usual pronoun", rates, [.. originalP.Select(r => Rate(r, x => x > 0.5 ? 1 : 0))]),
            new Series("after counterfactual augmentation: P", rates, [.. augmentedP.Select(r => Rate(r, x => x))]),
        ], $"Bias in, bias out: the {context.Profile} model on held-out frames", "rate of the usual pronoun in the training data (p)", "probability or share", markers: true);
        var control = ExperimentMeasure.AcrossUnits("p=0.5 (no bias in the data): P(assigned pronoun)", [.. originalP[0].Select(o => o.Average())], Per("probability (usual over both)"), ExperimentMeasure.Probability);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = $"the model's P(usual pronoun | occupation) and its choice against the rate p in the training data, before and after counterfactual augmentation (95% t intervals across the {PronounCorpus.PerRate} occupations of a rate; shares: Wilson at the prompts' effective size); the augmentation's loss cost on every token and on the pronouns alone, paired",
            Measures = measures,
            Baseline = control,
            HeldOut = $"the prompts use three sentence frames no training sentence uses (a test checks), each with all {corpus.Prompts(corpus.Occupations[0]).Count / 3} names, no prompt twice; the losses are measured on freshly drawn sentences of the original distribution",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("pronoun-vs-rate", chart)],
        };
    }

    private static string Per(string unit) => $"{unit}, mean over occupations";

    private static double Entropy(double p) => p is 0 or 1 ? 0 : -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));
}
