namespace GptLab.Evaluation;

/// <summary>Which unit (person, chain, occupation) each item of a list belongs to, for intervals that resample units.</summary>
public static class UnitLabels
{
    /// <summary>
    /// The labels of <paramref name="items"/> that come in runs of <paramref name="perUnit"/> (a person's questions one after
    /// another): 0 for the first run, 1 for the second, …
    /// </summary>
    public static int[] InRunsOf(int items, int perUnit)
    {
        if (perUnit <= 0 || items % perUnit != 0) throw new GptLabException($"{items} items do not come in runs of {perUnit}: give each unit the same number of items");
        return [.. Enumerable.Range(0, items).Select(i => i / perUnit)];
    }

    /// <summary>The label of each item's unit, given as a key (a person's name): items with equal keys share a label, first seen first.</summary>
    public static int[] Of<T>(IEnumerable<T> keys) where T : notnull
    {
        var labels = new Dictionary<T, int>();
        return [.. keys.Select(k => labels.TryGetValue(k, out var label) ? label : labels[k] = labels.Count)];
    }
}
