namespace GptLab.Evaluation;

/// <summary>
/// Percentile bootstrap intervals (Efron): resample the units (windows of text, prompts) with replacement, recompute
/// the statistic, read the interval off the resampled values. Seeded, so an experiment's interval is reproducible.
/// </summary>
public static class Bootstrap
{
    /// <summary>The <paramref name="level"/> interval of the weighted mean of <paramref name="units"/> (value, weight).</summary>
    public static (double Low, double High) Mean(IReadOnlyList<(double Value, int Weight)> units, long seed, int resamples = 2000, double level = 0.95) =>
        Interval(Resampled(units, seed, resamples), level);

    /// <summary>The interval of mean(<paramref name="a"/>) − mean(<paramref name="b"/>), each resampled on its own.</summary>
    public static (double Low, double High) Difference(IReadOnlyList<(double Value, int Weight)> a, IReadOnlyList<(double Value, int Weight)> b,
        long seed, int resamples = 2000, double level = 0.95)
    {
        var (ra, rb) = (Resampled(a, seed, resamples), Resampled(b, seed + 1, resamples));
        return Interval([.. ra.Zip(rb, (x, y) => x - y)], level);
    }

    /// <summary>
    /// A cluster bootstrap: the <paramref name="level"/> interval of the mean of <paramref name="values"/> when item i
    /// belongs to unit <paramref name="units"/>[i] (a person, a chain, a passage) and whole units are resampled, so
    /// items that share a unit rise and fall together as they do between samples.
    /// </summary>
    public static (double Low, double High) Clustered(IReadOnlyList<double> values, IReadOnlyList<int> units, long seed, int resamples = 2000, double level = 0.95)
    {
        if (values.Count != units.Count) throw new GptLabException($"{values.Count} values but {units.Count} unit labels: give one unit per value");
        // Each unit as (its sum, its items): the mean of a resample is its sums over its items.
        var clusters = values.Zip(units).GroupBy(x => x.Second).Select(g => (Value: g.Sum(x => x.First) / g.Count(), Weight: g.Count())).ToArray();
        return Mean(clusters, seed, resamples, level);
    }

    private static double[] Resampled(IReadOnlyList<(double Value, int Weight)> units, long seed, int resamples)
    {
        if (units.Count == 0) throw new GptLabException("a bootstrap needs at least one unit: score a longer text");
        var random = new Random((int)(seed % int.MaxValue));
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var (sum, weight) = (0.0, 0L);
            for (var i = 0; i < units.Count; i++)
            {
                var (value, w) = units[random.Next(units.Count)];
                (sum, weight) = (sum + value * w, weight + w);
            }
            means[r] = sum / weight;
        }
        return means;
    }

    private static (double Low, double High) Interval(double[] values, double level)
    {
        Array.Sort(values);
        var tail = (1 - level) / 2;
        return (values[(int)Math.Floor(tail * (values.Length - 1))], values[(int)Math.Ceiling((1 - tail) * (values.Length - 1))]);
    }
}
