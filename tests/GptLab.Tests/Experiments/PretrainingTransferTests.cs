using GptLab.Experiments.Knowledge;
using GptLab.Experiments.Lab;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The transfer experiment's measures on made-up outcomes: its checks ("pretraining beats from scratch", "above the
/// majority baseline") pass where one arm knows the nouns and fail where no arm does (the null condition), and its
/// intervals are over nouns, not sentences. A tiny run through the CLI: <c>TransferCliTests</c>; the cpu numbers:
/// <see cref="ScienceResultTests"/>.
/// </summary>
public class PretrainingTransferTests
{
    // 18 held-out nouns of 8 sentences each, as the task has.
    private static readonly int[] Nouns = [.. Enumerable.Range(0, 18).SelectMany(n => Enumerable.Repeat(n, 8))];

    // Each noun labelled right with its own probability around `share` (some nouns are known, some are not), each
    // sentence drawn from its noun's probability.
    private static bool[] Outcomes(double share, int seed)
    {
        var random = new Random(seed);
        var perNoun = Enumerable.Range(0, 18).Select(_ => Math.Clamp(share + (random.NextDouble() - 0.5) * 0.4, 0, 1)).ToArray();
        return [.. Nouns.Select(n => random.NextDouble() < perNoun[n])];
    }

    private static ExperimentMeasure Measure(IReadOnlyList<ExperimentMeasure> measures, string name) => measures.Single(m => m.Name == name);

    [Fact]
    public void PretrainingThatKnowsTheNounsPassesTheChecksAndArmsThatDoNotFailThem()
    {
        var effect = PretrainingTransfer.Measures([Outcomes(0.85, 1), Outcomes(0.8, 2), Outcomes(0.5, 3)], Nouns, seed: 7);
        Assert.True(Measure(effect, "fine-tuned − from scratch").Low > 0);
        Assert.True(Measure(effect, "head only − from scratch").Low > 0);
        Assert.True(Measure(effect, PretrainingTransfer.Accuracy("fine-tuned")).Low > 0.5);
        Assert.InRange(0.0, Measure(effect, "null: fine-tuned, even − odd nouns").Low, Measure(effect, "null: fine-tuned, even − odd nouns").High);

        // The null condition: no arm knows the nouns, so neither check may pass.
        var none = PretrainingTransfer.Measures([Outcomes(0.5, 1), Outcomes(0.5, 2), Outcomes(0.5, 3)], Nouns, seed: 7);
        Assert.False(Measure(none, "fine-tuned − from scratch").Low > 0);
        Assert.False(Measure(none, "head only − from scratch").Low > 0);
        Assert.False(Measure(none, PretrainingTransfer.Accuracy("fine-tuned")).Low > 0.5);
    }

    [Fact]
    public void TheIntervalIsOverNounsSoANounLabelledAllOrNothingWidensIt()
    {
        // The same half right, once spread over every noun (4 of 8 sentences each), once as whole nouns (all or none).
        bool[] spread = [.. Nouns.Select((_, i) => i % 8 < 4)];
        bool[] whole = [.. Nouns.Select(n => n % 2 == 0)];
        Assert.Equal(spread.Count(r => r) / 144.0, whole.Count(r => r) / 144.0, 1e-9);
        var accuracy = PretrainingTransfer.Accuracy("fine-tuned");
        var (bySentence, byNoun) = (Measure(PretrainingTransfer.Measures([spread, spread, spread], Nouns, 7), accuracy), Measure(PretrainingTransfer.Measures([whole, whole, whole], Nouns, 7), accuracy));
        Assert.True(byNoun.High - byNoun.Low > 1.5 * (bySentence.High - bySentence.Low), $"all-or-nothing [{byNoun.Low:F3}, {byNoun.High:F3}], spread [{bySentence.Low:F3}, {bySentence.High:F3}]");
    }

    [Fact]
    public void OutcomesOfAnotherNumberOfArmsAreRefused()
    {
        var error = Assert.Throws<GptLabException>(() => PretrainingTransfer.Measures([Outcomes(0.5, 1)], Nouns, 7));
        Assert.Contains("fine-tuned, head only, from scratch", error.Message);
    }
}
