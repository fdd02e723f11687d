using System.Text.Json;
using System.Text.RegularExpressions;

namespace GptLab.Tests.Docs;

/// <summary>
/// Every relative Markdown link in README.md, docs/*.md, notebooks/README.md and the notebooks' markdown cells names a
/// file or folder that exists: a newcomer who follows a link never lands on a missing page after a rename or a move.
/// </summary>
public partial class RelativeLinksTests
{
    [Fact]
    public void EveryRelativeLinkResolves()
    {
        var root = TestPaths.RepoRoot;
        var broken = Documents(root)
            .SelectMany(d => BrokenLinks(d.Text, Path.GetDirectoryName(d.File)!).Select(t => $"{Path.GetRelativePath(root, d.File)}: {t}"))
            .ToList();
        Assert.True(broken.Count == 0, "relative links to nothing:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void TheCheckerReportsOnlyTheMissingTarget()
    {
        // The checker itself must be able to fail: a good link (with a fragment) passes, a missing one (with a title) is named.
        var markdown = "See [the README](../README.md#the-two-commands) and [a lost page](no-such-page.md \"gone\").";
        var broken = BrokenLinks(markdown, Path.Combine(TestPaths.RepoRoot, "docs"));
        Assert.Equal("no-such-page.md", Assert.Single(broken));
    }

    /// <summary>
    /// The relative targets of <paramref name="markdown"/>'s links, without their #fragment, that name no file or folder
    /// under <paramref name="folder"/> (the folder of the file holding the text, which Markdown resolves against).
    /// </summary>
    internal static IReadOnlyList<string> BrokenLinks(string markdown, string folder) =>
        MarkdownLink().Matches(markdown)
            .Select(m => Target(m.Groups[1].Value))
            .Where(t => t.Length > 0 && !IsExternalOrAnchor(t))
            .Select(t => t.Split('#')[0])
            .Where(t => t.Length > 0 && !File.Exists(Path.Combine(folder, t)) && !Directory.Exists(Path.Combine(folder, t)))
            .ToList();

    // <path with spaces> keeps its spaces; otherwise a space starts the optional "title", which is not part of the path.
    private static string Target(string raw)
    {
        var target = raw.Trim();
        if (target.StartsWith('<')) return target[1..Math.Max(1, target.IndexOf('>'))];
        var space = target.IndexOf(' ');
        return space < 0 ? target : target[..space];
    }

    private static bool IsExternalOrAnchor(string target) =>
        target.StartsWith('#')
        || target.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    // The notebooks' prose lives in their markdown cells (source: an array of lines); code cells hold no links to check.
    private static IEnumerable<(string File, string Text)> Documents(string root)
    {
        var markdownFiles = new[] { Path.Combine(root, "README.md"), Path.Combine(root, "notebooks", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md"));
        foreach (var file in markdownFiles)
            yield return (file, File.ReadAllText(file));
        foreach (var notebook in Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(notebook));
            var prose = json.RootElement.GetProperty("cells").EnumerateArray()
                .Where(cell => cell.GetProperty("cell_type").GetString() == "markdown")
                .Select(cell => string.Concat(cell.GetProperty("source").EnumerateArray().Select(line => line.GetString())));
            yield return (notebook, string.Join("\n", prose));
        }
    }

    // [text](target): the text may not hold a ']' (an image inside a link is matched by its own [alt](src)).
    [GeneratedRegex(@"\[[^\]]*\]\(([^)]*)\)")]
    private static partial Regex MarkdownLink();
}
