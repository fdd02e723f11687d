using System.Text.Json.Serialization;
using GptLab.Evaluation;

namespace GptLab.Experiments.Lab;

/// <summary>
/// One measured number of an experiment with its 95% interval (a share's Wilson interval, a bootstrap, or across training
/// seeds), in <paramref name="Unit"/>.
/// </summary>
public sealed record ExperimentMeasure(string Name, double Value, double Low, double High, string Unit)
{
    /// <summary>The value of each training seed, first seed first, when <see cref="Value"/> is their mean (<see cref="AcrossSeeds"/>); null for one run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? PerSeed { get; init; }

    /// <summary>A number without an interval (a count, an exact value, a single estimate): low = value = high.</summary>
    public static ExperimentMeasure Exact(string name, double value, string unit) => new(name, value, value, value, unit);

    /// <summary>The mean of <paramref name="values"/> (one per question or prompt) with a 95% bootstrap interval over them.</summary>
    public static ExperimentMeasure Mean(string name, IReadOnlyList<double> values, long seed, string unit)
    {
        var (low, high) = Bootstrap.Mean([.. values.Select(v => (v, 1))], seed);
        return new ExperimentMeasure(name, values.Average(), low, high, unit);
    }

    /// <summary>
    /// The share of true <paramref name="outcomes"/> (e.g. questions answered right) with its 95% Wilson interval, which
    /// never has zero width on a finite sample.
    /// </summary>
    public static ExperimentMeasure Share(string name, IReadOnlyList<bool> outcomes, string unit = "share of questions")
    {
        var (low, high) = Wilson.Interval(outcomes.Count(o => o), outcomes.Count);
        return new ExperimentMeasure(name, outcomes.Count(o => o) / (double)outcomes.Count, low, high, unit);
    }

    /// <summary>
    /// share(<paramref name="a"/>) − share(<paramref name="b"/>) of true outcomes in independent samples, with Newcombe's 95%
    /// interval (built from each share's Wilson interval: never zero width on a finite sample).
    /// </summary>
    public static ExperimentMeasure ShareDifference(string name, IReadOnlyList<bool> a, IReadOnlyList<bool> b, string unit)
    {
        var (ka, kb) = (a.Count(o => o), b.Count(o => o));
        var (low, high) = Wilson.Difference((ka, a.Count), (kb, b.Count));
        return new ExperimentMeasure(name, ka / (double)a.Count - kb / (double)b.Count, low, high, unit);
    }

    /// <summary>mean(<paramref name="a"/>) − mean(<paramref name="b"/>), each resampled on its own, with its 95% interval.</summary>
    public static ExperimentMeasure Difference(string name, IReadOnlyList<double> a, IReadOnlyList<double> b, long seed, string unit)
    {
        var (low, high) = Bootstrap.Difference([.. a.Select(v => (v, 1))], [.. b.Select(v => (v, 1))], seed);
        return new ExperimentMeasure(name, a.Average() - b.Average(), low, high, unit);
    }
}
