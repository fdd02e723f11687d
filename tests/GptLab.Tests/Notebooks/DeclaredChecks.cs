using System.Text.Json;
using System.Text.RegularExpressions;

namespace GptLab.Tests.Notebooks;

/// <summary>
/// The self-checks a notebook declares in its metadata (<c>"gptlab": {"checks": [...]}</c>) and the ones its code cells
/// print (<c>CHECK name=</c>): the execution test requires every declared one, so a deleted CHECK line is noticed.
/// </summary>
internal static partial class DeclaredChecks
{
    /// <summary>The check names <paramref name="notebookPath"/> declares, in order; empty when it declares none.</summary>
    public static IReadOnlyList<string> Of(string notebookPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(notebookPath));
        return doc.RootElement.GetProperty("metadata").TryGetProperty("gptlab", out var gptlab) && gptlab.TryGetProperty("checks", out var checks)
            ? [.. checks.EnumerateArray().Select(c => c.GetString()!)]
            : [];
    }

    /// <summary>The check names the code cells of <paramref name="notebookPath"/> print, in order of first appearance.</summary>
    public static IReadOnlyList<string> InCode(string notebookPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(notebookPath));
        var code = doc.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("cell_type").GetString() == "code")
            .Select(c => string.Concat(c.GetProperty("source").EnumerateArray().Select(l => l.GetString())));
        return [.. code.SelectMany(source => CheckLine().Matches(source).Select(m => m.Groups[1].Value)).Distinct()];
    }

    [GeneratedRegex(@"CHECK (\w+)=")]
    private static partial Regex CheckLine();
}
