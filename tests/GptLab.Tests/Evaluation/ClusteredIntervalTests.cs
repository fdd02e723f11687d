using GptLab.Evaluation;
using GptLab.Experiments.Lab;

namespace GptLab.Tests.Evaluation;

public class ClusteredIntervalTests
{
    // 40 people, two questions each, person by person.
    private static readonly int[] People = UnitLabels.InRunsOf(80, 2);

    [Fact]
    public void TwoQuestionsAnsweredAlikeAboutOnePersonCountAsOnePerson()
    {
        bool[] alike = [.. Enumerable.Range(0, 80).Select(i => i / 2 % 4 != 0)]; // every fourth person wrong twice
        var size = EffectiveSize.Of(alike, People);
        Assert.InRange(size, 38, 41); // C − 1 … C for perfect correlation within people
        var byQuestion = ExperimentMeasure.Share("right", alike);
        var byPerson = ExperimentMeasure.Share("right", alike, units: People);
        Assert.Equal(byQuestion.Value, byPerson.Value);
        Assert.True(byPerson.High - byPerson.Low > 1.3 * (byQuestion.High - byQuestion.Low), $"{byPerson} is not wider than {byQuestion}");
    }

    [Fact]
    public void OutcomesThatDoNotClusterKeepTheirQuestionLevelInterval()
    {
        // The null case: each person answers one question right and one wrong, so people carry no information of their
        // own; the effective size is every question and the interval is Wilson's over questions.
        bool[] independent = [.. Enumerable.Range(0, 80).Select(i => i % 2 == 0)];
        Assert.Equal(80, EffectiveSize.Of(independent, People));
        Assert.Equal(ExperimentMeasure.Share("right", independent), ExperimentMeasure.Share("right", independent, units: People));
        // Every outcome alike: the correlation cannot be estimated, so each person counts once (never zero width).
        var all = ExperimentMeasure.Share("right", [.. Enumerable.Repeat(true, 80)], units: People);
        Assert.Equal(Wilson.Interval(40, 40), (all.Low, all.High));
        Assert.Throws<GptLabException>(() => EffectiveSize.Of([true, false], [0]));
    }

    [Fact]
    public void AClusterBootstrapResamplesWholeUnits()
    {
        var random = new Random(5);
        double[] perPerson = [.. Enumerable.Range(0, 40).Select(_ => random.NextDouble())];
        double[] values = [.. Enumerable.Range(0, 80).Select(i => perPerson[i / 2])]; // each person's value twice
        var (itemLow, itemHigh) = Bootstrap.Clustered(values, [.. Enumerable.Range(0, 80)], seed: 1);
        var (unitLow, unitHigh) = Bootstrap.Clustered(values, People, seed: 1);
        var (personLow, personHigh) = Bootstrap.Clustered(perPerson, [.. Enumerable.Range(0, 40)], seed: 1);
        Assert.Equal((personLow, personHigh), (unitLow, unitHigh)); // two copies of a value are one unit
        Assert.True(unitHigh - unitLow > 1.25 * (itemHigh - itemLow), $"clustered {unitLow}–{unitHigh}, items {itemLow}–{itemHigh}");
    }

    [Fact]
    public void APairedDifferenceCancelsWhatTheItemsShare()
    {
        var random = new Random(9);
        double[] difficulty = [.. Enumerable.Range(0, 60).Select(_ => 3 * random.NextDouble())]; // items differ a lot
        double[] b = [.. difficulty.Select(d => d + 0.1 * random.NextDouble())];
        double[] a = [.. difficulty.Select(d => d + 0.2 + 0.1 * random.NextDouble())]; // a is 0.2 above b on every item
        var paired = ExperimentMeasure.PairedDifference("a − b", a, b, seed: 2, "nats");
        Assert.InRange(0.2, paired.Low, paired.High);
        Assert.True(paired.Low > 0.15 && paired.High < 0.25, paired.ToString());
        // The null: the arms differ by noise only, and the interval keeps 0.
        double[] c = [.. difficulty.Select(d => d + 0.1 * random.NextDouble())];
        var none = ExperimentMeasure.PairedDifference("c − b", c, b, seed: 2, "nats");
        Assert.InRange(0.0, none.Low, none.High);
        Assert.Throws<GptLabException>(() => ExperimentMeasure.PairedDifference("x", [1.0], [1.0, 2.0], 1, "u"));
    }

    [Fact]
    public void AMeanAcrossFewUnitsGetsStudentsT()
    {
        var measure = ExperimentMeasure.AcrossUnits("p", [1.0, 2.0, 3.0], "u");
        Assert.Equal(2.0, measure.Value);
        Assert.Equal(2.0 - 4.303 / Math.Sqrt(3), measure.Low, 1e-9); // sd 1, t(2) = 4.303
        Assert.Throws<GptLabException>(() => ExperimentMeasure.AcrossUnits("p", [1.0], "u"));
        Assert.Throws<GptLabException>(() => UnitLabels.InRunsOf(5, 2));
    }

    [Fact]
    public void UnitsGivenAsKeysShareALabelPerKeyFirstSeenFirst()
    {
        Assert.Equal([0, 1, 0, 2, 1], UnitLabels.Of(["Tobin", "Misen", "Tobin", "Pirop", "Misen"]));
        Assert.Empty(UnitLabels.Of(Array.Empty<string>()));
    }
}
