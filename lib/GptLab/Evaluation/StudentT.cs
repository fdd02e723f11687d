namespace GptLab.Evaluation;

/// <summary>
/// The 95% t interval of a mean over a few independent units (training seeds, occupations): with so few, a bootstrap
/// cannot see the tails and Student's t is the honest width.
/// </summary>
public static class StudentT
{
    // The 97.5% quantiles of Student's t for 1 to 30 degrees of freedom; beyond, the normal's.
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>The mean of <paramref name="values"/> (at least two) and its 95% t interval; zero width when all are equal.</summary>
    public static (double Mean, double Low, double High) Interval(IReadOnlyList<double> values)
    {
        if (values.Count < 2) throw new GptLabException($"a t interval needs at least two units, got {values.Count}: add seeds or units");
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var half = (values.Count - 1 <= T975.Length ? T975[values.Count - 2] : 1.96) * sd / Math.Sqrt(values.Count);
        return (mean, mean - half, mean + half);
    }
}
