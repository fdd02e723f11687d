namespace GptLab.Plots;

/// <summary>One named line or point cloud: <paramref name="Y"/>[i] is drawn at <paramref name="X"/>[i].</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>A series whose x values are 0, 1, 2, …</summary>
    public static Series Of(string name, IReadOnlyList<double> y) => new(name, Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y);
}
