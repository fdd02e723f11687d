using GptLab.Evaluation;
using Spectre.Console;

namespace GptLab.Cli.Commands;

/// <summary>
/// A held-out evaluation as a table: per task family, format adherence and exact match with its 95% interval, beside
/// the majority baseline (always the family's most common training answer) and a base model's scores when given.
/// </summary>
internal static class ChatReportView
{
    public static void Write(ChatReport report, ChatReport? before)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("family", "prompts");
        if (before is not null) table.AddColumns("format (base)", "exact (base)");
        table.AddColumns("format", "exact match (95% interval)", "majority baseline");
        foreach (var f in report.Families)
        {
            var row = new List<string> { f.Family, $"{f.Count}" };
            if (before is not null)
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
        if (before is not null) total.AddRange([Percent(before.FormatAdherence), Percent(before.ExactMatch)]);
        total.AddRange([Percent(report.FormatAdherence), Percent(report.ExactMatch), "-"]);
        table.AddRow(total.ToArray());
        AnsiConsole.Write(table);
    }

    private static string Percent(double? value) => value is { } v ? $"{v:P1}" : "-";
}
