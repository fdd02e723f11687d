namespace GptLab.Evaluation;

/// <summary>
/// Intervals for shares (k successes in n trials) that never collapse to a point on a finite sample: Wilson's score
/// interval for one share, Newcombe's hybrid score interval for the difference of two independent shares. A share of
/// 0 or 1 on 300 questions gets an interval such as 0.988 to 1, not "1.000 (1.000 to 1.000)".
/// </summary>
public static class Wilson
{
    private const double Z = 1.959963984540054; // the 97.5% normal quantile: a 95% interval

    /// <summary>The 95% Wilson score interval of <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    public static (double Low, double High) Interval(double successes, double trials)
    {
        if (trials <= 0) throw new GptLabException("a share needs at least one trial: ask at least one question");
        var p = successes / trials;
        var z2 = Z * Z;
        var centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
        var half = Z * Math.Sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials);
        // Exact at the ends (0 of n, n of n), where rounding would leave p a hair outside its own interval.
        return (successes <= 0 ? 0 : Math.Min(p, centre - half), successes >= trials ? 1 : Math.Max(p, centre + half));
    }

    /// <summary>
    /// The 95% interval of share a − share b for independent samples (Newcombe 1998, method 10: each share's Wilson
    /// interval combined), for <paramref name="a"/> and <paramref name="b"/> given as (successes, trials).
    /// </summary>
    public static (double Low, double High) Difference((double Successes, double Trials) a, (double Successes, double Trials) b)
    {
        var (p1, p2) = (a.Successes / a.Trials, b.Successes / b.Trials);
        var (l1, u1) = Interval(a.Successes, a.Trials);
        var (l2, u2) = Interval(b.Successes, b.Trials);
        var d = p1 - p2;
        return (d - Math.Sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)), d + Math.Sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)));
    }
}
