using System.Text.RegularExpressions;

namespace GptLab.Tests.Architecture;

/// <summary>The "## Folders" table of docs/architecture.md: each folder of the library and the folders it may use.</summary>
internal static partial class HousePlan
{
    public static string Path { get; } = System.IO.Path.Combine(TestPaths.RepoRoot, "docs", "architecture.md");

    /// <summary>Folder (namespace form: "Data.Tasks") → the folders it may use; every folder may use the root.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read()
    {
        var lines = File.ReadAllLines(Path);
        var start = Array.IndexOf(lines, "## Folders");
        if (start < 0) throw new InvalidOperationException($"{Path} has no '## Folders' section");
        var plan = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 5 || !cells[1].StartsWith('`')) continue; // not a row of the table (header, separator, prose)
            var folder = Names(cells[1]).Single();
            plan[folder] = new HashSet<string>(Names(cells[3])) { FolderGraph.Root };
        }
        return plan;
    }

    private static IEnumerable<string> Names(string cell) =>
        Backticked().Matches(cell).Select(m => m.Groups[1].Value.Replace('/', '.'));

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
