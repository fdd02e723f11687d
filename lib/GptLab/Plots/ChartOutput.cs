using GptLab.IO;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace GptLab.Plots;

/// <summary>
/// Where charts go. By default each chart becomes an HTML file under <see cref="OutputFolder"/> and its path is
/// printed: that is what file-based apps and the CLI get. The pages share one copy of plotly.js beside them (Plotly.NET's
/// own, written once per folder), so they open offline and a folder of charts holds the library once. A notebook kernel hands over its own display function with <see cref="UseDisplay"/> (notebooks/_setup.dib
/// does), and charts then render in the notebook. The library never references the kernel itself.
/// </summary>
public static class ChartOutput
{
    private static readonly Lock Gate = new();
    private static Func<GenericChart, Action<GenericChart>>? _display;

    /// <summary>
    /// Folder for HTML charts: <c>GPTLAB_CHARTS</c> when set, else <c>notebooks/output</c> of the repository
    /// (git-ignored), else <c>output</c> under the working folder.
    /// </summary>
    public static string OutputFolder { get; set; } = DefaultFolder();

    /// <summary>Shortest time between two writes of a <see cref="LiveChart"/> (one second by default).</summary>
    public static TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True when charts go to a notebook display rather than to files.</summary>
    public static bool IsDisplay
    {
        get { lock (Gate) return _display is not null; }
    }

    /// <summary>
    /// Sends charts to a notebook: <paramref name="display"/> shows a chart and returns how to replace it
    /// in place (in .NET Interactive: <c>chart => { var v = display(chart); return c => v.Update(c); }</c>).
    /// </summary>
    public static void UseDisplay(Func<GenericChart, Action<GenericChart>> display)
    {
        ArgumentNullException.ThrowIfNull(display);
        lock (Gate) _display = display;
    }

    /// <summary>Back to the default: HTML files under <see cref="OutputFolder"/>.</summary>
    public static void UseFiles()
    {
        lock (Gate) _display = null;
    }

    /// <summary>Shows <paramref name="chart"/>: in the notebook, or as <c>&lt;OutputFolder&gt;/&lt;name&gt;.html</c>.</summary>
    public static void Show(GenericChart chart, string name)
    {
        var display = CurrentDisplay();
        if (display is not null) display(chart);
        else Console.WriteLine($"chart: {WriteHtml(chart, name)}");
    }

    /// <summary>
    /// Shows <paramref name="initial"/> and returns a handle whose <see cref="LiveChart.Update"/> replaces it
    /// while a cell runs (at most once per <see cref="LiveInterval"/>; disposing writes the last update).
    /// </summary>
    public static LiveChart Live(GenericChart initial, string name)
    {
        var display = CurrentDisplay();
        if (display is not null) return new LiveChart(display(initial), LiveInterval);
        var path = WriteHtml(initial, name);
        Console.WriteLine($"chart (live): {path}");
        return new LiveChart(chart => WriteHtml(chart, name), LiveInterval);
    }

    /// <summary>plotly.js's file beside the charts: every page of a folder loads this one copy (about 3.6 MB).</summary>
    public static string PlotlyScriptName { get; } = $"plotly-{Globals.PLOTLYJS_VERSION}.min.js";

    /// <summary>
    /// Writes <paramref name="chart"/> as an HTML file that loads <see cref="PlotlyScriptName"/> from its own folder
    /// (written there first if missing), and returns its full path. Files are replaced atomically, so a browser never
    /// sees half a chart.
    /// </summary>
    public static string WriteHtml(GenericChart chart, string name)
    {
        CheckName(name);
        var path = Path.GetFullPath(Path.Combine(OutputFolder, name + ".html"));
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        WritePlotlyScript(folder);
        var options = DisplayOptions.init(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.NewCDN(PlotlyScriptName)));
        // Plotly.NET's plot div carries no size of its own: the chart's layout decides (Charts' HouseStyle: no width, page-wide).
        AtomicFile.WriteAllText(path, GenericChart.toEmbeddedHTML(GenericChart.addDisplayOptions(options, chart)));
        return path;
    }

    // The copy of plotly.js that Plotly.NET carries (the one its self-contained pages inline), unless the folder has it.
    private static void WritePlotlyScript(string folder)
    {
        var path = Path.Combine(folder, PlotlyScriptName);
        if (File.Exists(path)) return;
        using var source = typeof(GenericChart).Assembly.GetManifestResourceStream($"Plotly.NET.{PlotlyScriptName}")
            ?? throw new InvalidOperationException($"Plotly.NET carries no resource {PlotlyScriptName}: its version and Globals.PLOTLYJS_VERSION disagree");
        AtomicFile.Write(path, source.CopyTo);
    }

    /// <summary>
    /// The HTML fragment a notebook shows for <paramref name="chart"/>: the chart's data plus a loader that fetches
    /// plotly.js from its CDN when the notebook is viewed (without it, outputs render blank in VS Code).
    /// </summary>
    public static string ToNotebookHtml(GenericChart chart)
    {
        var cdn = PlotlyJSReference.NewRequire($"https://cdn.plot.ly/plotly-{Globals.PLOTLYJS_VERSION}.min");
        var options = DisplayOptions.init(null, null, null, null, null, null, FSharpOption<PlotlyJSReference>.Some(cdn));
        // As in WriteHtml, the div is unsized, so a chart without a layout width fills the notebook's output area.
        return GenericChart.toChartHTML(GenericChart.addDisplayOptions(options, chart));
    }

    private static Func<GenericChart, Action<GenericChart>>? CurrentDisplay()
    {
        lock (Gate) return _display;
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.StartsWith('.'))
            throw new GptLabException($"chart name '{name}' cannot be a file name: use letters, digits, '-' or '_' (e.g. \"01-loss\")");
    }

    private static string DefaultFolder()
    {
        var fromEnv = Environment.GetEnvironmentVariable("GPTLAB_CHARTS");
        if (!string.IsNullOrWhiteSpace(fromEnv)) return Path.GetFullPath(fromEnv);
        return RepoPaths.Root is { } root
            ? Path.Combine(root, "notebooks", "output")
            : Path.Combine(Environment.CurrentDirectory, "output");
    }
}
