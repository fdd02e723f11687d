using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;

namespace GptLab.Plots;

/// <summary>
/// The one look of every chart <see cref="Charts"/> builds: as wide as the page or notebook (no fixed width,
/// autosize plus plotly's responsive config), a fixed <see cref="Height"/>, the legend in one row above the plot
/// (not to the right, where it steals width), margins that leave room for the axis titles, a readable font, bars
/// on their side when their labels are long and labels tilted when many short ones would crowd the axis, and heatmaps
/// and sideways bars tall enough for one line per row.
/// </summary>
internal static class HouseStyle
{
    /// <summary>Chart height in pixels (the width follows the container); heatmaps with many rows grow up to <see cref="MaxHeatmapHeight"/>.</summary>
    internal const int Height = 460;

    /// <summary>The tallest a heatmap gets to give each row <see cref="HeatmapRowHeight"/> pixels.</summary>
    internal const int MaxHeatmapHeight = 800;

    /// <summary>Pixels per heatmap row, enough for one line of tick label at <see cref="FontSize"/>.</summary>
    internal const int HeatmapRowHeight = 20;

    /// <summary>Base font size in pixels (plotly's default is 12).</summary>
    internal const double FontSize = 14;

    /// <summary>Bar labels are tilted by this angle (degrees) when they would crowd the x axis.</summary>
    internal const int TiltedTickAngle = -40;

    /// <summary>
    /// Bar labels are tilted when all of them together are longer than this many characters: about what fits side by
    /// side under a plot in a 900-pixel-wide notebook at <see cref="FontSize"/>.
    /// </summary>
    internal const int CrowdedLabelCharacters = 60;

    /// <summary>
    /// Bars lie on their side when a label is longer than this many characters: about what stands under one of eight
    /// bars across a 900-pixel-wide notebook. Tilted, longer labels would take the plot's height (the plot squeezed into the
    /// top third of the figure); on their side they read left to right.
    /// </summary>
    internal const int LongLabelCharacters = 14;

    /// <summary>Pixels per sideways bar (each label's bar in each series), enough for one line of tick label.</summary>
    internal const int SidewaysBarHeight = 18;

    /// <summary>Whether bars with these <paramref name="labels"/> lie on their side (<see cref="LongLabelCharacters"/>).</summary>
    internal static bool Sideways(IReadOnlyList<string> labels) => labels.Any(l => l.Length > LongLabelCharacters);

    /// <summary>
    /// A title longer than this many characters is broken into lines at spaces: about what fits across a 900-pixel-wide
    /// notebook at the title's font size (plotly does not wrap text, it cuts it at the figure's edge).
    /// </summary>
    internal const int TitleCharacters = 70;

    /// <summary>Pixels between the top of the figure and the title.</summary>
    internal const int TitlePadding = 24;

    /// <summary>Pixels of a line of the title or a row of the legend.</summary>
    internal const int LineHeight = 24;

    /// <summary>Where the title starts, as a share of the figure's width from its left edge.</summary>
    private const double TitleX = 0.05;

    // Pixels between the legend's last row and the plot, and an estimate of what a legend entry takes: its symbol, and
    // per character of its name at FontSize (plotly lays entries out in columns as wide as the widest entry).
    private const int LegendGap = 12, LegendSymbolWidth = 40, LegendCharacterWidth = 8;

    /// <summary>
    /// The width the legend's rows are estimated for: the plot's in a 900-pixel-wide notebook, less what long labels of
    /// sideways bars take on its left (the legend starts at the plot's left edge).
    /// </summary>
    private const int LegendWidth = 800;

    private const int MarginLeft = 70, MarginRight = 30, MarginTop = 100, MarginBottom = 70;

    /// <summary>Applies the house style to <paramref name="chart"/> (its layout is updated in place) and returns it.</summary>
    internal static GenericChart Apply(GenericChart chart)
    {
        // The top margin holds the title's lines and the legend's rows, one above the other; the figure grows by what
        // that adds to the usual margin, so the plot keeps its height.
        var titleText = GenericChart.getLayout(chart).TryGetPropertyValue("title") is { Value: DynamicObj.DynamicObj t }
            && t.TryGetPropertyValue("text") is { Value: string text } ? Wrapped(text) : null;
        var titleLines = titleText?.Split("<br>").Length ?? 0;
        var top = Math.Max(MarginTop, TitlePadding + titleLines * LineHeight + LegendRows(chart) * LineHeight + LegendGap);
        var styled = Plotly.NET.Chart.withLayout(Layout(HeightFor(chart) + top - MarginTop, top)).Invoke(chart);
        styled = Plotly.NET.Chart.withConfig(ResponsiveConfig()).Invoke(styled)
            .WithLegendStyle( // in rows just above the plot area, under the title
                Orientation: StyleParam.Orientation.Horizontal,
                X: 0.0, XAnchor: StyleParam.XAnchorPosition.Left,
                Y: 1.02, YAnchor: StyleParam.YAnchorPosition.Bottom);
        var layout = GenericChart.getLayout(styled);
        // Plotly.NET writes Defaults.DefaultWidth (600) into every new chart's layout and an int cannot be unset
        // there, so the property is removed: without a width, autosize lets plotly.js fill the container.
        if (layout.TryGetPropertyValue("width") is { Value: not null }) layout.RemoveProperty("width");

        // The title at the top of the figure, its lines broken to the page's width, the legend's rows below it.
        if (layout.TryGetPropertyValue("title") is { Value: DynamicObj.DynamicObj title })
        {
            title.SetProperty("xref", "container");
            title.SetProperty("x", TitleX);
            title.SetProperty("xanchor", "left");
            title.SetProperty("yref", "container");
            title.SetProperty("y", 1.0);
            title.SetProperty("yanchor", "top");
            var pad = new DynamicObj.DynamicObj();
            pad.SetProperty("t", TitlePadding);
            title.SetProperty("pad", pad);
            if (titleText is not null) title.SetProperty("text", titleText);
        }

        var xAxis = Axis(layout, "xaxis");
        xAxis.SetProperty("automargin", true); // tick labels and axis title push the margin rather than being cut
        if (BarLabelCharacters(styled) > CrowdedLabelCharacters) xAxis.SetProperty("tickangle", TiltedTickAngle);
        var yAxis = Axis(layout, "yaxis");
        yAxis.SetProperty("automargin", true);
        if (SidewaysBars(styled).Any()) yAxis.SetProperty("autorange", "reversed"); // the first label on top, as it is read
        return styled;
    }

    private static Layout Layout(int height, int marginTop)
    {
        var layout = new Layout();
        layout.SetProperty("autosize", true);
        layout.SetProperty("height", height);
        layout.SetProperty("font", Font.init(null, Some(FontSize), null));
        layout.SetProperty("margin", Margin.init<int, int, int, int, int, bool>(
            Left: Some(MarginLeft), Right: Some(MarginRight), Top: Some(marginTop), Bottom: Some(MarginBottom), Pad: null, Autoexpand: null));
        return layout;
    }

    /// <summary>
    /// <see cref="Height"/>, or taller for a heatmap or sideways bars whose rows would otherwise be squeezed below one
    /// line each.
    /// </summary>
    private static int HeightFor(GenericChart chart)
    {
        var heatmapRows = Traces(chart, "heatmap").Select(t => Texts(t, "y").Count()).DefaultIfEmpty(0).Max();
        var bars = SidewaysBars(chart).ToList();
        var barRows = bars.SelectMany(t => Texts(t, "y")).Distinct().Count() * bars.Count;
        var plot = Math.Max(heatmapRows * HeatmapRowHeight, barRows * SidewaysBarHeight);
        return Math.Clamp(MarginTop + MarginBottom + plot, Height, MaxHeatmapHeight);
    }

    private static IEnumerable<Trace> SidewaysBars(GenericChart chart) => Traces(chart, "bar").Where(IsSideways);

    /// <summary>Whether <paramref name="trace"/> lies on its side (plotly's horizontal orientation: values on x).</summary>
    internal static bool IsSideways(Trace trace) => trace.TryGetPropertyValue("orientation") is { Value: var o } && o?.ToString() == "h";

    /// <summary>plotly.js redraws the chart at the new width when the page or notebook is resized.</summary>
    private static Config ResponsiveConfig()
    {
        var config = new Config();
        config.SetProperty("responsive", true);
        return config;
    }

    private static DynamicObj.DynamicObj Axis(Layout layout, string name)
    {
        if (layout.TryGetPropertyValue(name) is { Value: DynamicObj.DynamicObj axis }) return axis;
        var created = new LinearAxis();
        layout.SetProperty(name, created);
        return created;
    }

    /// <summary><paramref name="text"/> with a line break (plotly's <c>&lt;br&gt;</c>) at the last space before every <see cref="TitleCharacters"/> characters.</summary>
    internal static string Wrapped(string text)
    {
        var lines = new List<string>();
        var rest = text;
        while (rest.Length > TitleCharacters && rest.LastIndexOf(' ', TitleCharacters) is > 0 and var cut)
        {
            lines.Add(rest[..cut]);
            rest = rest[(cut + 1)..];
        }
        lines.Add(rest);
        return string.Join("<br>", lines);
    }

    /// <summary>Rows plotly's horizontal legend will take: none for a single trace (plotly shows no legend then).</summary>
    private static int LegendRows(GenericChart chart)
    {
        var names = GenericChart.getTraces(chart)
            .Where(t => t.TryGetPropertyValue("showlegend") is not { Value: false })
            .Select(t => t.TryGetPropertyValue("name") is { Value: string name } ? name : null)
            .OfType<string>().Distinct().ToList();
        if (names.Count < 2) return 0;
        var labels = SidewaysBars(chart).SelectMany(t => Texts(t, "y")).Select(l => l.Length).DefaultIfEmpty(0).Max();
        var width = Math.Max(LegendWidth / 4, LegendWidth - labels * LegendCharacterWidth);
        var perRow = Math.Max(1, width / (LegendSymbolWidth + names.Max(n => n.Length) * LegendCharacterWidth));
        return (names.Count + perRow - 1) / perRow;
    }

    /// <summary>Characters in the distinct bar categories of all bar traces.</summary>
    private static int BarLabelCharacters(GenericChart chart) =>
        Traces(chart, "bar").SelectMany(t => Texts(t, "x")).Distinct().Sum(l => l.Length);

    private static IEnumerable<Trace> Traces(GenericChart chart, string type) =>
        GenericChart.getTraces(chart).Where(t => t.TryGetPropertyValue("type") is { Value: var v } && v?.ToString() == type);

    /// <summary>The text values of a trace's data array (category labels); none when the values are numbers.</summary>
    private static IEnumerable<string> Texts(Trace trace, string property) =>
        trace.TryGetPropertyValue(property) is { Value: System.Collections.IEnumerable values and not string }
            ? values.OfType<string>()
            : [];

    private static FSharpOption<T> Some<T>(T value) => FSharpOption<T>.Some(value);
}
