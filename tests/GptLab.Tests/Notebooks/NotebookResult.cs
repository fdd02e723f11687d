using System.Text.Json;
using System.Text.RegularExpressions;

namespace GptLab.Tests.Notebooks;

/// <summary>An executed notebook (the .ipynb dotnet-repl or nbconvert writes), read the way the tests judge it.</summary>
internal sealed partial class NotebookResult
{
    public sealed record Cell(int Index, string Source, IReadOnlyList<JsonElement> Outputs)
    {
        /// <summary>"cell 7 (ChartOutput.Show(…)": how a failure names the cell.</summary>
        public string Name => $"cell {Index} ({Source.Split('\n')[0].Trim()})";

        public IEnumerable<string> Text(string mime = "text/plain") => Outputs.Select(o =>
            o.TryGetProperty("text", out var t) ? Join(t)
            : o.TryGetProperty("data", out var d) && d.TryGetProperty(mime, out var m) ? Join(m)
            : "");
    }

    public required IReadOnlyList<Cell> Cells { get; init; }

    public static NotebookResult Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Select((c, i) => (c, i))
            .Where(x => x.c.GetProperty("cell_type").GetString() == "code")
            .Select(x => new Cell(x.i, Join(x.c.GetProperty("source")),
                x.c.TryGetProperty("outputs", out var o) ? o.EnumerateArray().Select(e => e.Clone()).ToList() : []))
            .ToList();
        return new NotebookResult { Cells = cells };
    }

    /// <summary>Cells with an error output, as "cell N (first line): message".</summary>
    public IEnumerable<string> Errors() =>
        from cell in Cells
        from o in cell.Outputs
        where o.GetProperty("output_type").GetString() == "error"
        select $"{cell.Name}: {(o.TryGetProperty("evalue", out var v) ? v.GetString() : "error")}";

    /// <summary>True when the cell shows a Plotly chart (text/html that draws with plotly).</summary>
    public static bool HasChart(Cell cell) => cell.Text("text/html").Any(IsChart);

    /// <summary>
    /// True when the last chart the cell shows (a live chart's final frame: Jupyter replaces the output in place,
    /// dotnet-repl appends each redraw) has a trace without points: axes and legend drawn, no data on them.
    /// </summary>
    public static bool EndsWithAnEmptyTrace(Cell cell) =>
        cell.Text("text/html").LastOrDefault(IsChart) is { } html && EmptyTrace().IsMatch(html);

    private static bool IsChart(string html) =>
        html.Contains("Plotly.newPlot", StringComparison.Ordinal) || html.Contains("renderPlotly", StringComparison.Ordinal);

    [GeneratedRegex("\"[xy]\":\\[\\]")] // "x":[] or "y":[]
    private static partial Regex EmptyTrace();

    /// <summary>The <c>CHECK name=value</c> lines printed by the notebook, with the cell that printed each.</summary>
    public IEnumerable<(string Name, string Value, Cell Cell)> Checks() =>
        from cell in Cells
        from text in cell.Text()
        from line in text.Split('\n')
        let m = CheckLine().Match(line.Trim())
        where m.Success
        select (m.Groups[1].Value, m.Groups[2].Value, cell);

    /// <summary>Parses <c>CHECK name=value</c>: the contract between a notebook and CI (notebooks/README.md).</summary>
    [GeneratedRegex(@"^CHECK ([\w.-]+)=(\S+)$")]
    public static partial Regex CheckLine();

    private static string Join(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? string.Concat(e.EnumerateArray().Select(p => p.GetString())) : e.GetString() ?? "";
}
