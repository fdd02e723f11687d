namespace GptLab.Plots;

/// <summary>One named group of bars: <paramref name="Values"/>[i] belongs to the i-th label of the chart.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);
