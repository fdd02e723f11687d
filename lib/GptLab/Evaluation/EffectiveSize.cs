namespace GptLab.Evaluation;

/// <summary>
/// How many independent yes/no outcomes a clustered sample is worth (Kish's effective sample size, n / design effect).
/// Two questions about one person are not two people: if a model knows a person it tends to answer both, so the
/// share's variance is that of the people, not of the questions. The design effect compares the share's variance
/// with units resampled (the ratio estimator's linearised variance) against its variance were every outcome
/// independent; the effective size never exceeds the outcomes and, where every outcome is the same and the variance
/// within units cannot be estimated, is the number of units (each counts once).
/// </summary>
public static class EffectiveSize
{
    /// <summary>The effective number of outcomes, for <paramref name="outcomes"/> whose unit (person, chain, …) is <paramref name="units"/>[i].</summary>
    public static double Of(IReadOnlyList<bool> outcomes, IReadOnlyList<int> units)
    {
        if (outcomes.Count != units.Count) throw new GptLabException($"{outcomes.Count} outcomes but {units.Count} unit labels: give one unit per outcome");
        if (outcomes.Count == 0) throw new GptLabException("a share needs at least one trial: ask at least one question");
        var clusters = outcomes.Zip(units).GroupBy(x => x.Second).Select(g => (Yes: g.Count(x => x.First), Size: g.Count())).ToArray();
        var n = (double)outcomes.Count;
        var p = outcomes.Count(o => o) / n;
        if (p is 0 or 1 || clusters.Length < 2) return clusters.Length;
        var c = clusters.Length;
        var clustered = c / (c - 1.0) * clusters.Sum(k => (k.Yes - p * k.Size) * (k.Yes - p * k.Size)) / (n * n);
        var independent = p * (1 - p) / n;
        return Math.Clamp(n * independent / clustered, 1, n);
    }
}
