namespace GptLab.Plots;

/// <summary>
/// One named group of bars: <paramref name="Values"/>[i] belongs to the i-th label of the chart; with
/// <paramref name="Lows"/> and <paramref name="Highs"/> each bar gets an interval (a 95% bootstrap interval, say).
/// </summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Lows = null, IReadOnlyList<double>? Highs = null);
