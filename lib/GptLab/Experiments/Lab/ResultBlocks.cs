using System.Text.RegularExpressions;

namespace GptLab.Experiments.Lab;

/// <summary>
/// The generated blocks of a markdown document: between <c>&lt;!-- results: docs/results/bias.json --&gt;</c> and
/// <c>&lt;!-- /results --&gt;</c> stands <see cref="ResultTable.Markdown"/> of that file. <see cref="Refresh"/> rewrites
/// them; a test checks that the committed docs equal their refreshed text, so a quoted number always matches its file.
/// </summary>
public static partial class ResultBlocks
{
    /// <summary>How the blocks are refreshed, for error messages and the docs.</summary>
    public const string Command = "dotnet run tests/science/refresh-docs.cs";

    [GeneratedRegex(@"(?<open><!-- results: (?<file>[^ ]+) -->\n)(?<body>.*?)(?<close><!-- /results -->)", RegexOptions.Singleline)]
    private static partial Regex Block();

    /// <summary>The result files the blocks of <paramref name="markdown"/> quote, relative to the repository root.</summary>
    public static IReadOnlyList<string> Files(string markdown) => [.. Block().Matches(markdown).Select(m => m.Groups["file"].Value)];

    /// <summary><paramref name="markdown"/> with every block regenerated from its result file under <paramref name="root"/>.</summary>
    public static string Refresh(string markdown, string root) => Block().Replace(markdown, m =>
    {
        var file = Path.Combine(root, m.Groups["file"].Value);
        var result = Json.ReadFile<ExperimentResult>(file, "tests/science/run.sh (gptlab experiment <name> --profile cpu --seeds 3 --json)");
        return m.Groups["open"].Value + ResultTable.Markdown(result) + m.Groups["close"].Value;
    });
}
