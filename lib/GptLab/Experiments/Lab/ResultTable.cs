using System.Globalization;
using System.Text;

namespace GptLab.Experiments.Lab;

/// <summary>
/// An experiment's result as the markdown the docs quote: where it came from (command, commit, seeds, machine), what
/// the effect is, one row per measure with its interval, the seeds' values and the unit, the baseline, and how the
/// held-out data was kept apart. The docs' tables are this
/// text, generated from the committed result files (<see cref="ResultBlocks"/>), never typed by hand.
/// </summary>
public static class ResultTable
{
    /// <summary>The markdown table of <paramref name="result"/>.</summary>
    public static string Markdown(ExperimentResult result)
    {
        var text = new StringBuilder();
        var p = result.Provenance;
        text.AppendLine(p is null
            ? $"{result.Experiment}, {result.Profile} profile, seed {result.Seed} (no provenance recorded)."
            : $"`{p.Command}`: commit {p.Commit[..Math.Min(7, p.Commit.Length)]}{(p.Dirty ? " with uncommitted changes" : "")}, "
              + $"{Plural(p.Seeds.Count, "training seed")} ({string.Join(", ", p.Seeds)}), {p.Machine}, {p.RunAt:yyyy-MM-dd}; {N(result.ElapsedS, 0)} s in all.");
        text.AppendLine();
        var seeds = result.Measures.Any(m => m.PerSeed is not null);
        // An effect sentence is written by the first seed's run: its numbers, if any, are that seed's, the table's are means.
        text.AppendLine(seeds ? $"Effect (worded by the first seed's run; the table holds the means): {result.Effect}." : $"Effect: {result.Effect}.");
        text.AppendLine();
        text.AppendLine(seeds ? "| measure | mean over seeds | 95% interval | each seed | unit |" : "| measure | value | 95% interval | unit |");
        text.AppendLine(seeds ? "| --- | --- | --- | --- | --- |" : "| --- | --- | --- | --- |");
        foreach (var m in result.Measures.Append(result.Baseline))
        {
            var name = m == result.Baseline ? $"baseline: {m.Name}" : m.Name;
            var interval = m.Low == m.High ? "—" : $"{N(m.Low)} to {N(m.High)}";
            var perSeed = seeds ? $" {(m.PerSeed is null ? "—" : string.Join(", ", m.PerSeed.Select(v => N(v))))} |" : "";
            text.AppendLine($"| {Escape(name)} | {N(m.Value)} | {interval} |{perSeed} {Escape(m.Unit)} |");
        }
        text.AppendLine();
        text.AppendLine($"Held out: {result.HeldOut}.");
        return text.ToString();
    }

    private static string N(double value, int digits = 3) => value.ToString($"N{digits}", CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
