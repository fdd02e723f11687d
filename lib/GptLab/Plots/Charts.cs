using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace GptLab.Plots;

/// <summary>
/// The charts the notebooks draw, as Plotly.NET <see cref="GenericChart"/>s. Pass one to
/// <see cref="ChartOutput.Show(GenericChart, string)"/>, or style it further with Plotly.NET (the matplotlib of this course).
/// </summary>
public static class Charts
{
    /// <summary>
    /// Training loss per logged step as a line, with the evaluation estimates (train and validation, many batches
    /// each) as points where the trainer measured them.
    /// </summary>
    public static GenericChart Loss(LossCurves curves, string title = "Loss")
    {
        var charts = new List<GenericChart> { LineOf(curves.Batch, markers: false) };
        if (curves.TrainEval.X.Count > 0) charts.Add(PointsOf(curves.TrainEval));
        if (curves.Validation.X.Count > 0) charts.Add(PointsOf(curves.Validation));
        return Style(Chart.Combine(charts), title, "step", "loss (nats per token)");
    }

    /// <summary>The learning rate of every step (GptLab.Experiments.TrainingCurves.LearningRate: warmup, cosine decay, floor).</summary>
    public static GenericChart LearningRate(Series schedule, string title = "Learning rate schedule") =>
        Lines([schedule], title, "step", "learning rate");

    /// <summary>One line per series (a legend names them); <paramref name="logX"/> for an x that spans powers of ten.</summary>
    public static GenericChart Lines(IEnumerable<Series> series, string title, string xTitle, string yTitle, bool markers = false, bool logX = false) =>
        Style(Chart.Combine(series.Select(s => LineOf(s, markers))), title, xTitle, yTitle, logX);

    /// <summary>Points without lines, one colour per series.</summary>
    public static GenericChart Scatter(IEnumerable<Series> series, string title, string xTitle, string yTitle) =>
        Style(Chart.Combine(series.Select(PointsOf)), title, xTitle, yTitle);

    /// <summary>
    /// Bars, one per label: upright, or lying on their side (labels down the left, first on top) when a label is too
    /// long to stand under its bar (<see cref="HouseStyle.LongLabelCharacters"/>).
    /// </summary>
    public static GenericChart Bar(IReadOnlyList<string> labels, IReadOnlyList<double> values, string title, string yTitle)
    {
        SameLength(labels.Count, values.Count, "values");
        return StyleBars(BarsOf(labels, values, null, stacked: false), labels, title, yTitle);
    }

    /// <summary>
    /// Bars with an interval each (error bars from <paramref name="lows"/> to <paramref name="highs"/>, e.g. a 95%
    /// bootstrap interval): an effect and its uncertainty in one picture. Long labels lie on their side as in <see cref="Bar"/>.
    /// </summary>
    public static GenericChart BarWithIntervals(IReadOnlyList<string> labels, IReadOnlyList<double> values, IReadOnlyList<double> lows,
        IReadOnlyList<double> highs, string title, string yTitle)
    {
        SameLength(labels.Count, values.Count, "values");
        SameLength(labels.Count, lows.Count, "lows");
        SameLength(labels.Count, highs.Count, "highs");
        return StyleBars(WithIntervals(BarsOf(labels, values, null, stacked: false), values, lows, highs), labels, title, yTitle);
    }

    // Error bars from lows to highs on every trace of the chart (plotly's error_y, or error_x for sideways bars: asymmetric, in data units).
    private static GenericChart WithIntervals(GenericChart chart, IReadOnlyList<double> values, IReadOnlyList<double> lows, IReadOnlyList<double> highs)
    {
        var error = new DynamicObj.DynamicObj();
        error.SetProperty("type", "data");
        error.SetProperty("symmetric", false);
        error.SetProperty("array", values.Zip(highs, (v, h) => Math.Max(0, h - v)).ToArray());
        error.SetProperty("arrayminus", values.Zip(lows, (v, l) => Math.Max(0, v - l)).ToArray());
        foreach (var trace in GenericChart.getTraces(chart))
            trace.SetProperty(HouseStyle.IsSideways(trace) ? "error_x" : "error_y", error);
        return chart;
    }

    /// <summary>
    /// Several values per label, side by side (<paramref name="stacked"/> false) or on top of each other
    /// (true), e.g. parameters per layer split into attention, MLP and LayerNorm; a series with lows and highs gets error bars.
    /// Long labels lie on their side as in <see cref="Bar"/>.
    /// </summary>
    public static GenericChart GroupedBar(IReadOnlyList<string> labels, IEnumerable<BarSeries> series, string title, string yTitle, bool stacked = false)
    {
        var bars = series.Select(s =>
        {
            SameLength(labels.Count, s.Values.Count, $"series '{s.Name}'");
            var bar = BarsOf(labels, s.Values, s.Name, stacked);
            if (s.Lows is null || s.Highs is null) return bar;
            SameLength(labels.Count, s.Lows.Count, $"lows of series '{s.Name}'");
            SameLength(labels.Count, s.Highs.Count, $"highs of series '{s.Name}'");
            return WithIntervals(bar, s.Values, s.Lows, s.Highs);
        });
        return StyleBars(Chart.Combine(bars), labels, title, yTitle);
    }

    // One bar trace: upright columns, or horizontal bars when the labels are long (values on x, labels on y).
    private static GenericChart BarsOf(IReadOnlyList<string> labels, IReadOnlyList<double> values, string? name, bool stacked)
    {
        var keys = labels.ToArray();
        var nameOrNone = name is null ? default : new Plotly.NET.CSharp.Optional<string>(name, true);
        return (HouseStyle.Sideways(labels), stacked) switch
        {
            (false, false) => Chart.Column<double, string, string>(values, Keys: keys, Name: nameOrNone),
            (false, true) => Chart.StackedColumn<double, string, string>(values, Keys: keys, Name: nameOrNone),
            (true, false) => Chart.Bar<double, string, string>(values, Keys: keys, Name: nameOrNone),
            (true, true) => Chart.StackedBar<double, string, string>(values, Keys: keys, Name: nameOrNone),
        };
    }

    // The value axis carries yTitle: the y axis for upright bars, the x axis for sideways ones.
    private static GenericChart StyleBars(GenericChart chart, IReadOnlyList<string> labels, string title, string valueTitle) =>
        HouseStyle.Sideways(labels) ? Style(chart, title, valueTitle, "") : Style(chart, title, "", valueTitle);

    /// <summary>
    /// A matrix as coloured cells: <paramref name="z"/>[row][column], rows top to bottom as in the matrix
    /// (attention weights read query row by key column).
    /// </summary>
    public static GenericChart Heatmap(IReadOnlyList<IReadOnlyList<double>> z, IReadOnlyList<string> columnLabels, IReadOnlyList<string> rowLabels, string title)
    {
        SameLength(rowLabels.Count, z.Count, "rows of z");
        foreach (var row in z) SameLength(columnLabels.Count, row.Count, "columns of z");
        // Labels are made unique: plotly merges equal category names (two "e" tokens would share a cell).
        var heat = Chart.Heatmap<double, string, string, string>(
            zData: z.Select(r => (IEnumerable<double>)r).ToArray(), X: Unique(columnLabels), Y: Unique(rowLabels), ReverseYAxis: true);
        return Style(heat, title, "", "");
    }

    /// <summary>Heatmap of a rectangular array (e.g. a tensor copied with <c>data&lt;float&gt;()</c>).</summary>
    public static GenericChart Heatmap(double[,] z, IReadOnlyList<string> columnLabels, IReadOnlyList<string> rowLabels, string title)
    {
        var rows = Enumerable.Range(0, z.GetLength(0))
            .Select(r => (IReadOnlyList<double>)Enumerable.Range(0, z.GetLength(1)).Select(c => z[r, c]).ToArray())
            .ToArray();
        return Heatmap(rows, columnLabels, rowLabels, title);
    }

    private static GenericChart LineOf(Series s, bool markers)
    {
        SameLength(s.X.Count, s.Y.Count, $"series '{s.Name}'");
        return Chart.Line<double, double, string>(s.X, s.Y, ShowMarkers: markers, Name: s.Name);
    }

    private static GenericChart PointsOf(Series s)
    {
        SameLength(s.X.Count, s.Y.Count, $"series '{s.Name}'");
        return Chart.Point<double, double, string>(s.X, s.Y, Name: s.Name);
    }

    /// <summary>Titles plus the <see cref="HouseStyle"/> every chart shares (page-wide, legend above the plot).</summary>
    private static GenericChart Style(GenericChart chart, string title, string xTitle, string yTitle, bool logX = false) =>
        HouseStyle.Apply(Plotly.NET.Chart.withTitle(title, null).Invoke(chart)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle, AxisType: logX ? StyleParam.AxisType.Log : default(Plotly.NET.CSharp.Optional<StyleParam.AxisType>))
            .WithYAxisStyle<double, double, string>(TitleText: yTitle));

    private static string[] Unique(IReadOnlyList<string> labels)
    {
        var seen = new Dictionary<string, int>();
        return labels.Select(l =>
        {
            var n = seen[l] = seen.GetValueOrDefault(l) + 1;
            return n == 1 ? l : $"{l} ({n})";
        }).ToArray();
    }

    private static void SameLength(int expected, int actual, string what)
    {
        if (expected != actual)
            throw new GptLabException($"{what} has {actual} values but {expected} labels or x values: pass one value per label");
    }
}
