using System.Text.Json.Serialization;
using GptLab.Evaluation;

namespace GptLab.Experiments.Lab;

/// <summary>
/// One measured number of an experiment with its 95% interval, in <paramref name="Unit"/>. The interval is over what
/// was sampled: where several items share a unit (two questions about one person, a pair asked both ways inside one
/// chain), the <c>units</c> argument names each item's unit and the interval resamples units, not items.
/// </summary>
public sealed record ExperimentMeasure(string Name, double Value, double Low, double High, string Unit)
{
    /// <summary>The value of each training seed, first seed first, when <see cref="Value"/> is their mean (<see cref="AcrossSeeds"/>); null for one run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? PerSeed { get; init; }

    /// <summary>
    /// The values the measure can take (a share 0 to 1, a difference of shares −1 to 1), where known: an interval across
    /// a few seeds or units is cut to them (a t interval knows no bounds). Not written to result files.
    /// </summary>
    [JsonIgnore]
    public (double Min, double Max)? Bounds { get; init; }

    /// <summary>The interval cut to <see cref="Bounds"/>.</summary>
    internal ExperimentMeasure WithinBounds() => Bounds is { } b ? this with { Low = Math.Max(Low, b.Min), High = Math.Min(High, b.Max) } : this;

    /// <summary>A number without an interval (a count, an exact value, a single estimate): low = value = high.</summary>
    public static ExperimentMeasure Exact(string name, double value, string unit) => new(name, value, value, value, unit);

    /// <summary>
    /// The mean of <paramref name="values"/> with a 95% bootstrap interval: over the items, or over whole units when
    /// <paramref name="units"/> gives each item's unit (a cluster bootstrap).
    /// </summary>
    public static ExperimentMeasure Mean(string name, IReadOnlyList<double> values, long seed, string unit, IReadOnlyList<int>? units = null,
        (double Min, double Max)? bounds = null)
    {
        var (low, high) = Bootstrap.Clustered(values, units ?? Each(values.Count), seed);
        return new ExperimentMeasure(name, values.Average(), low, high, unit) { Bounds = bounds };
    }

    /// <summary>
    /// mean(<paramref name="a"/> − <paramref name="b"/>) where a[i] and b[i] are the same item measured in two arms (the
    /// same prompt asked of two models), with a 95% bootstrap interval that resamples items or <paramref name="units"/>
    /// and keeps each pair together: what the items share cancels out.
    /// </summary>
    public static ExperimentMeasure PairedDifference(string name, IReadOnlyList<double> a, IReadOnlyList<double> b, long seed, string unit, IReadOnlyList<int>? units = null)
    {
        if (a.Count != b.Count) throw new GptLabException($"a paired difference needs the same items in both arms, got {a.Count} and {b.Count}");
        return Mean(name, [.. a.Zip(b, (x, y) => x - y)], seed, unit, units);
    }

    /// <summary>Bounds of a probability or a share.</summary>
    public static readonly (double Min, double Max) Probability = (0, 1);

    /// <summary>The mean of one value per unit (an occupation, a seed) with its 95% t interval across the units.</summary>
    public static ExperimentMeasure AcrossUnits(string name, IReadOnlyList<double> perUnit, string unit, (double Min, double Max)? bounds = null)
    {
        var (mean, low, high) = StudentT.Interval(perUnit);
        return new ExperimentMeasure(name, mean, low, high, unit) { Bounds = bounds }.WithinBounds();
    }

    /// <summary>
    /// The share of true <paramref name="outcomes"/> with its 95% Wilson interval, which never has zero width on a
    /// finite sample; with <paramref name="units"/>, at the outcomes' effective size (<see cref="EffectiveSize"/>).
    /// </summary>
    public static ExperimentMeasure Share(string name, IReadOnlyList<bool> outcomes, string unit = "share of questions", IReadOnlyList<int>? units = null)
    {
        var (share, size) = Sized(outcomes, units);
        var (low, high) = Wilson.Interval(share * size, size);
        return new ExperimentMeasure(name, share, low, high, unit) { Bounds = Probability };
    }

    /// <summary>
    /// share(<paramref name="a"/>) − share(<paramref name="b"/>) with Newcombe's 95% interval (each share's Wilson
    /// interval combined, at its effective size when units are given). It treats the arms as independent samples, so
    /// where both arms ask the same items it is wider than a paired interval: it errs on the side of caution.
    /// </summary>
    public static ExperimentMeasure ShareDifference(string name, IReadOnlyList<bool> a, IReadOnlyList<bool> b, string unit,
        IReadOnlyList<int>? aUnits = null, IReadOnlyList<int>? bUnits = null)
    {
        var ((pa, na), (pb, nb)) = (Sized(a, aUnits), Sized(b, bUnits));
        var (low, high) = Wilson.Difference((pa * na, na), (pb * nb, nb));
        return new ExperimentMeasure(name, pa - pb, low, high, unit) { Bounds = (-1, 1) };
    }

    /// <summary>Each item its own unit: 0, 1, 2, …</summary>
    private static int[] Each(int count) => [.. Enumerable.Range(0, count)];

    private static (double Share, double Size) Sized(IReadOnlyList<bool> outcomes, IReadOnlyList<int>? units)
    {
        if (outcomes.Count == 0) throw new GptLabException("a share needs at least one trial: ask at least one question");
        return (outcomes.Count(o => o) / (double)outcomes.Count, units is null ? outcomes.Count : EffectiveSize.Of(outcomes, units));
    }
}
