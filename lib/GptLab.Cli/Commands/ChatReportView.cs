using GptLab.Evaluation;
using Spectre.Console;

namespace GptLab.Cli.Commands;

/// <summary>
/// A held-out evaluation as a table: per task family, format adherence and exact match with its 95% interval, beside
/// the majority baseline (always the family's most common training answer) and the scores of the models it was made
/// from (the base, the SFT model) when given.
/// </summary>
internal static class ChatReportView
{
    /// <summary>Writes <paramref name="report"/> after the <paramref name="earlier"/> models' scores, each column pair headed by its label.</summary>
    public static void Write(ChatReport report, params (string Label, ChatReport Report)[] earlier)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("family", "prompts");
        foreach (var (label, _) in earlier) table.AddColumns($"format ({label})", $"exact ({label})");
        table.AddColumns("format", "exact match (95% interval)", "majority baseline");
        foreach (var f in report.Families)
        {
            var row = new List<string> { f.Family, $"{f.Count}" };
            foreach (var (_, before) in earlier)
            {
                var b = before.Family(f.Family);
                row.Add(Percent(b?.FormatAdherence));
                row.Add(Percent(b?.ExactMatch));
            }
            row.Add(Percent(f.FormatAdherence));
            row.Add(f.ExactMatchLow is { } low && f.ExactMatchHigh is { } high ? $"{Percent(f.ExactMatch)} ({low:P0} to {high:P0})" : Percent(f.ExactMatch));
            row.Add(Percent(f.Majority));
            table.AddRow(row.ToArray());
        }
        var total = new List<string> { "[bold]all[/] (exact match without unknown)", $"{report.Answers.Count}" };
        foreach (var (_, before) in earlier) total.AddRange([Percent(before.FormatAdherence), Percent(before.ExactMatch)]);
        total.AddRange([Percent(report.FormatAdherence), Percent(report.ExactMatch), "-"]);
        table.AddRow(total.ToArray());
        AnsiConsole.Write(table);
    }

    private static string Percent(double? value) => value is { } v ? $"{v:P1}" : "-";
}
