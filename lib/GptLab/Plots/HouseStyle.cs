using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;

namespace GptLab.Plots;

/// <summary>
/// The one look of every chart <see cref="Charts"/> builds: as wide as the page or notebook (no fixed width,
/// autosize plus plotly's responsive config), a fixed <see cref="Height"/>, the legend in one row above the plot
/// (not to the right, where it steals width), margins that leave room for the axis titles, a readable font, bar
/// labels tilted when they would crowd the axis, and heatmaps tall enough for one line per row.
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

    private const int MarginLeft = 70, MarginRight = 30, MarginTop = 100, MarginBottom = 70;

    /// <summary>Applies the house style to <paramref name="chart"/> (its layout is updated in place) and returns it.</summary>
    internal static GenericChart Apply(GenericChart chart)
    {
        var styled = Plotly.NET.Chart.withLayout(Layout(HeightFor(chart))).Invoke(chart);
        styled = Plotly.NET.Chart.withConfig(ResponsiveConfig()).Invoke(styled)
            .WithLegendStyle( // one row just above the plot area, left-aligned under the title
                Orientation: StyleParam.Orientation.Horizontal,
                X: 0.0, XAnchor: StyleParam.XAnchorPosition.Left,
                Y: 1.02, YAnchor: StyleParam.YAnchorPosition.Bottom);
        var layout = GenericChart.getLayout(styled);
        // Plotly.NET writes Defaults.DefaultWidth (600) into every new chart's layout and an int cannot be unset
        // there, so the property is removed: without a width, autosize lets plotly.js fill the container.
        if (layout.TryGetPropertyValue("width") is { Value: not null }) layout.RemoveProperty("width");

        var xAxis = Axis(layout, "xaxis");
        xAxis.SetProperty("automargin", true); // tick labels and axis title push the margin rather than being cut
        if (BarLabelCharacters(styled) > CrowdedLabelCharacters) xAxis.SetProperty("tickangle", TiltedTickAngle);
        Axis(layout, "yaxis").SetProperty("automargin", true);
        return styled;
    }

    private static Layout Layout(int height)
    {
        var layout = new Layout();
        layout.SetProperty("autosize", true);
        layout.SetProperty("height", height);
        layout.SetProperty("font", Font.init(null, Some(FontSize), null));
        layout.SetProperty("margin", Margin.init<int, int, int, int, int, bool>(
            Left: Some(MarginLeft), Right: Some(MarginRight), Top: Some(MarginTop), Bottom: Some(MarginBottom), Pad: null, Autoexpand: null));
        return layout;
    }

    /// <summary><see cref="Height"/>, or taller for a heatmap whose rows would otherwise be squeezed below one line each.</summary>
    private static int HeightFor(GenericChart chart)
    {
        var rows = Traces(chart, "heatmap").Select(t => Texts(t, "y").Count()).DefaultIfEmpty(0).Max();
        return Math.Clamp(MarginTop + MarginBottom + rows * HeatmapRowHeight, Height, MaxHeatmapHeight);
    }

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
