using GptLab.Evaluation;

namespace GptLab.Experiments.Lab;

/// <summary>
/// An effect's null condition made from the experiment's own data: one arm's units (chains, people, passages, windows)
/// split in two, even units against odd ones, and compared with the difference and interval the effect uses. Nothing
/// but chance tells the halves apart, so the effect's check ("the difference's interval excludes 0") must fail on the
/// split; notebook 07 prints that it does beside each check, and a test asserts it on data without an effect.
/// </summary>
public static class NullSplit
{
    /// <summary>
    /// share(even units) − share(odd units) with Newcombe's interval, as <see cref="ExperimentMeasure.ShareDifference"/>;
    /// without <paramref name="units"/>, each outcome is its own unit.
    /// </summary>
    public static ExperimentMeasure Shares(string name, IReadOnlyList<bool> outcomes, string unit, IReadOnlyList<int>? units = null)
    {
        units ??= [.. Enumerable.Range(0, outcomes.Count)];
        if (units.Count != outcomes.Count) throw new GptLabException($"{outcomes.Count} outcomes but {units.Count} unit labels: give one unit per outcome");
        // The units in order of first appearance; even ranks form one half, odd ranks the other.
        var rank = units.Distinct().Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i);
        if (rank.Count < 2) throw new GptLabException("a null split needs at least two units: ask about more than one item");
        var half = units.Select(u => rank[u] % 2 == 0).ToArray();
        IReadOnlyList<T> Pick<T>(IReadOnlyList<T> items, bool even) => [.. items.Where((_, i) => half[i] == even)];
        return ExperimentMeasure.ShareDifference(name, Pick(outcomes, true), Pick(outcomes, false), unit, Pick(units, true), Pick(units, false));
    }

    /// <summary>
    /// The weighted mean loss of the even windows − the odd ones, with a bootstrap interval resampling each half's windows.
    /// </summary>
    public static ExperimentMeasure Windows(string name, IReadOnlyList<(double Loss, int Tokens)> windows, long seed, string unit)
    {
        if (windows.Count < 2) throw new GptLabException("a null split needs at least two windows: score a longer text");
        var (even, odd) = (windows.Where((_, i) => i % 2 == 0).ToList(), windows.Where((_, i) => i % 2 == 1).ToList());
        var (low, high) = Bootstrap.Difference(even, odd, seed);
        return new ExperimentMeasure(name, WeightedMean(even) - WeightedMean(odd), low, high, unit);
    }

    private static double WeightedMean(IReadOnlyList<(double Loss, int Tokens)> windows) =>
        windows.Sum(w => w.Loss * w.Tokens) / windows.Sum(w => w.Tokens);
}
