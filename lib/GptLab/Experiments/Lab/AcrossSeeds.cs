using GptLab.Evaluation;

namespace GptLab.Experiments.Lab;

/// <summary>
/// One experiment run with several training seeds, summarised: each measure is the mean over the seeds with a 95%
/// t interval across them (the seed, not the question, is the unit a model-vs-model claim rests on), and keeps every
/// seed's value (<see cref="ExperimentMeasure.PerSeed"/>). With one seed the run is returned as it is.
/// </summary>
public static class AcrossSeeds
{
    /// <summary>
    /// The seeds' results of one experiment as one result: the measures every seed reported, in the first seed's order, as
    /// means with intervals across seeds; the first seed's charts; the seeds' times added up.
    /// </summary>
    public static ExperimentResult Combine(IReadOnlyList<ExperimentResult> seeds)
    {
        if (seeds.Count == 0) throw new GptLabException("no seed ran: pass --seeds 1 or more");
        if (seeds.Count == 1) return seeds[0];
        var first = seeds[0];
        var shared = first.Measures.Where(m => seeds.All(r => r.Measures.Any(o => o.Name == m.Name))).Select(m => m.Name);
        return first with
        {
            Effect = $"{first.Effect}; mean over {seeds.Count} training seeds, 95% t interval across seeds (per_seed: each seed's value)",
            Measures = [.. shared.Select(name => Mean(seeds.Select(r => r.Measures.First(m => m.Name == name)).ToList()))],
            Baseline = Mean([.. seeds.Select(r => r.Baseline)]),
            ElapsedS = Math.Round(seeds.Sum(r => r.ElapsedS), 1),
        };
    }

    /// <summary>
    /// The mean of one measure over seeds with its t interval, cut to the measure's bounds (a share's to 0 and 1). When
    /// every seed gave the same value (a count, a value fixed by construction) the interval is the hull of the seeds' own intervals.
    /// </summary>
    public static ExperimentMeasure Mean(IReadOnlyList<ExperimentMeasure> perSeed)
    {
        var values = perSeed.Select(m => m.Value).ToArray();
        var (mean, low, high) = StudentT.Interval(values);
        // Asked of the values, not of the interval: their mean can differ from them in the last bit, and the t interval
        // of equal values then has a width of 1e-17 instead of none.
        if (values.All(v => v == values[0])) (low, high) = (perSeed.Min(m => m.Low), perSeed.Max(m => m.High));
        return (perSeed[0] with { Value = mean, Low = low, High = high, PerSeed = values }).WithinBounds();
    }
}
