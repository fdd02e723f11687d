using System.Text.RegularExpressions;

namespace GptLab.NotebookTwins;

/// <summary>Line rules shared by the setup parser and the twin writer.</summary>
internal static partial class NotebookCode
{
    /// <summary>A using directive (moved to the top of a twin: C# files want them before any statement).</summary>
    public static bool IsUsing(string line) => UsingDirective().IsMatch(line.Trim());

    [GeneratedRegex(@"^using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>, ]+)?\s*;$")]
    private static partial Regex UsingDirective();
}
