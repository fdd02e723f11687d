using System.Text.RegularExpressions;

namespace GptLab.NotebookTwins;

/// <summary>
/// notebooks/_setup.dib read as parts a twin needs: its NuGet packages, its usings, and the code that is not
/// kernel-only (cells whose first line is <see cref="KernelOnlyMarker"/> are skipped: they wire the notebook display).
/// </summary>
public sealed partial record SetupFile(IReadOnlyList<(string Name, string Version)> Packages, IReadOnlyList<string> Usings, string Code)
{
    /// <summary>First line of a _setup.dib cell that only makes sense inside a notebook kernel.</summary>
    public const string KernelOnlyMarker = "// kernel only";

    /// <summary>Parses the text of a .dib file (cells start with a <c>#!csharp</c> line).</summary>
    public static SetupFile Parse(string dib)
    {
        var packages = new List<(string, string)>();
        var usings = new List<string>();
        var code = new List<string>();
        foreach (var cell in CSharpCells(dib))
        {
            if (cell.TrimStart().StartsWith(KernelOnlyMarker, StringComparison.Ordinal)) continue;
            foreach (var line in cell.Split('\n'))
            {
                if (NugetReference().Match(line) is { Success: true } m) packages.Add((m.Groups[1].Value, m.Groups[2].Value));
                else if (line.StartsWith("#r ", StringComparison.Ordinal)) continue; // the library dll: a twin references the project
                else if (NotebookCode.IsUsing(line)) usings.Add(line.Trim());
                else code.Add(line);
            }
        }
        return new SetupFile(packages, usings, string.Join('\n', code).Trim('\n'));
    }

    /// <summary>The bodies of the C# cells of a .dib file, in order.</summary>
    public static IEnumerable<string> CSharpCells(string dib)
    {
        var lines = dib.Replace("\r\n", "\n").Split('\n');
        List<string>? cell = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("#!", StringComparison.Ordinal) && IsCellHeader(line))
            {
                if (cell is not null) yield return string.Join('\n', cell).Trim('\n');
                cell = line.Trim() == "#!csharp" ? [] : null; // #!meta and #!markdown bodies are not code
                continue;
            }
            cell?.Add(line);
        }
        if (cell is not null) yield return string.Join('\n', cell).Trim('\n');
    }

    private static bool IsCellHeader(string line) => line.Trim() is "#!csharp" or "#!meta" or "#!markdown" or "#!fsharp" or "#!pwsh";

    [GeneratedRegex("""^#r\s+"nuget:\s*([^,"]+?)\s*,\s*([^"]+?)\s*"\s*$""")]
    internal static partial Regex NugetReference();
}
