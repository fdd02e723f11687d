using System.ComponentModel;
using System.Diagnostics;

namespace GptLab.IO;

/// <summary>
/// The git commit of the checkout GptLab runs from, and whether its tracked files differ from that commit: what a result
/// file records so that its numbers can be traced to the code that made them. "unknown" outside a git checkout or
/// without git; each git call is bounded (10 s), so a hung git never hangs a run.
/// </summary>
public static class SourceVersion
{
    private static readonly Lazy<(string Commit, bool Dirty)> Read = new(() =>
    {
        if (RepoPaths.Root is not { } root || Git(root, "rev-parse", "HEAD") is not { Length: > 0 } commit) return ("unknown", false);
        return (commit, Git(root, "status", "--porcelain", "--untracked-files=no") is { Length: > 0 });
    });

    /// <summary>The commit's full hash, or "unknown".</summary>
    public static string Commit => Read.Value.Commit;

    /// <summary>Whether tracked files differ from <see cref="Commit"/> (uncommitted changes went into the run).</summary>
    public static bool Dirty => Read.Value.Dirty;

    // git's trimmed output, or null when git is missing, fails or takes longer than 10 s.
    private static string? Git(string root, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-C", root }.Concat(args)) start.ArgumentList.Add(a);
        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEndAsync();
            git.StandardError.ReadToEndAsync(); // drained, so a full pipe never blocks it
            if (!git.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                git.Kill(entireProcessTree: true);
                git.WaitForExit();
                return null;
            }
            return git.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return null; // no git on this machine
        }
    }
}
