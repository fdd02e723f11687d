using GptLab.Evaluation;

namespace GptLab.Experiments.Lab;

/// <summary>One measured number of an experiment with its 95% interval (bootstrap or across seeds), in <paramref name="Unit"/>.</summary>
public sealed record ExperimentMeasure(string Name, double Value, double Low, double High, string Unit)
{
    /// <summary>A number without an interval (a count, an exact value, a single estimate): low = value = high.</summary>
    public static ExperimentMeasure Exact(string name, double value, string unit) => new(name, value, value, value, unit);

    /// <summary>The mean of <paramref name="values"/> (one per question or prompt) with a 95% bootstrap interval over them.</summary>
    public static ExperimentMeasure Mean(string name, IReadOnlyList<double> values, long seed, string unit)
    {
        var (low, high) = Bootstrap.Mean([.. values.Select(v => (v, 1))], seed);
        return new ExperimentMeasure(name, values.Average(), low, high, unit);
    }

    /// <summary>The share of true <paramref name="outcomes"/> (e.g. questions answered right) with a 95% bootstrap interval.</summary>
    public static ExperimentMeasure Share(string name, IReadOnlyList<bool> outcomes, long seed, string unit = "share of questions") =>
        Mean(name, [.. outcomes.Select(o => o ? 1.0 : 0.0)], seed, unit);

    /// <summary>share(<paramref name="a"/>) − share(<paramref name="b"/>) of true outcomes, each resampled on its own, with its 95% interval.</summary>
    public static ExperimentMeasure ShareDifference(string name, IReadOnlyList<bool> a, IReadOnlyList<bool> b, long seed, string unit) =>
        Difference(name, [.. a.Select(o => o ? 1.0 : 0.0)], [.. b.Select(o => o ? 1.0 : 0.0)], seed, unit);

    /// <summary>mean(<paramref name="a"/>) − mean(<paramref name="b"/>), each resampled on its own, with its 95% interval.</summary>
    public static ExperimentMeasure Difference(string name, IReadOnlyList<double> a, IReadOnlyList<double> b, long seed, string unit)
    {
        var (low, high) = Bootstrap.Difference([.. a.Select(v => (v, 1))], [.. b.Select(v => (v, 1))], seed);
        return new ExperimentMeasure(name, a.Average() - b.Average(), low, high, unit);
    }
}
