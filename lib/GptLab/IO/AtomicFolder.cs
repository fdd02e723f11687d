namespace GptLab.IO;

/// <summary>
/// Replaces a folder (a checkpoint, a prepared dataset) by a new one so that a crash at any point (a kill, a power
/// cut between two system calls) leaves at least one complete copy that <see cref="Find"/> returns. A folder is
/// complete when it holds its seal file, which the writer writes last. The rules:
/// <list type="bullet">
/// <item>the new folder is written in full under a staging name, then renamed into place;</item>
/// <item>the old one is renamed to <c>&lt;name&gt;.previous</c> first, and dropped only once the new one is in place;</item>
/// <item>a folder is dropped by renaming it to a trash name first, so a half-deleted folder never looks complete;</item>
/// <item><see cref="Recover"/> (every writer calls it first) finishes what a crash interrupted and removes leftovers.</item>
/// </list>
/// The caller holds the run's <see cref="RunLock"/>: two writers never recover or replace the same folder at once.
/// </summary>
public static class AtomicFolder
{
    public const string PreviousSuffix = ".previous";
    private const string StagingSuffix = ".tmp";
    private const string TrashSuffix = ".trash";

    /// <summary>Test hook: runs before every rename and every file or folder removal, named ("rename a → b", "unlink f").</summary>
    internal static Action<string>? BeforeStep { get; set; }

    /// <summary>A fresh staging folder name beside <paramref name="target"/> (<c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c>), not yet created.</summary>
    public static string NewStaging(string target) =>
        Path.Combine(Parent(target), $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}{StagingSuffix}");

    /// <summary>The complete copy of <paramref name="target"/>: the folder itself, else its <c>.previous</c> (a crash mid-swap); null when neither is complete.</summary>
    public static string? Find(string target, string seal)
    {
        if (IsComplete(target, seal)) return target;
        var previous = target + PreviousSuffix;
        return IsComplete(previous, seal) ? previous : null;
    }

    /// <summary>True when <paramref name="folder"/> holds its seal file (written last by its writer).</summary>
    public static bool IsComplete(string folder, string seal) => File.Exists(Path.Combine(folder, seal));

    /// <summary>
    /// Finishes what a crash left: puts back <c>.previous</c> when the folder itself is missing, drops <c>.previous</c>
    /// when the folder is complete, and removes staging and trash folders of <paramref name="target"/>. A folder that
    /// exists without its seal is left alone (it was damaged from outside; the caller decides).
    /// </summary>
    public static void Recover(string target, string seal) => RecoverKeeping(target, seal, keep: null);

    private static void RecoverKeeping(string target, string seal, string? keep)
    {
        var previous = target + PreviousSuffix;
        if (!Directory.Exists(target) && IsComplete(previous, seal)) Rename(previous, target); // crashed between the two renames
        else if (IsComplete(target, seal) && Directory.Exists(previous)) Discard(previous); // crashed before the old copy was dropped
        var name = Path.GetFileName(target);
        if (!Directory.Exists(Parent(target))) return;
        foreach (var leftover in Directory.EnumerateDirectories(Parent(target), $".{name}.*"))
            if ((leftover.EndsWith(StagingSuffix, StringComparison.Ordinal) || leftover.EndsWith(TrashSuffix, StringComparison.Ordinal))
                && !string.Equals(Path.GetFullPath(leftover), keep, StringComparison.Ordinal))
                DeleteTree(leftover);
    }

    /// <summary>
    /// Puts the complete folder <paramref name="staging"/> in the place of <paramref name="target"/>. At every step one
    /// complete copy exists: the old folder, its <c>.previous</c>, or the new one.
    /// </summary>
    public static void Replace(string target, string staging, string seal)
    {
        if (!IsComplete(staging, seal))
            throw new InvalidOperationException($"'{staging}' has no {seal}: write it last, then replace");
        RecoverKeeping(target, seal, keep: Path.GetFullPath(staging)); // the folder being put in place is no leftover
        if (Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(target).Any()) Directory.Delete(target); // empty: nothing to keep
        if (Directory.Exists(target) && !IsComplete(target, seal))
            throw new GptLabException($"'{target}' exists without {seal}: it was damaged from outside GptLab; move it away, then run again");
        var previous = target + PreviousSuffix;
        if (Directory.Exists(target)) Rename(target, previous);
        Rename(staging, target);
        if (Directory.Exists(previous)) Discard(previous);
    }

    /// <summary>
    /// Writes a new copy of <paramref name="target"/>: <paramref name="write"/> fills a fresh staging folder, writing
    /// <paramref name="seal"/> last, then <see cref="Replace"/> puts it in place. On any failure the staging folder is
    /// removed (a full disk reported in one line naming <paramref name="target"/>) and the old copy stays as it was.
    /// </summary>
    public static void Write(string target, string seal, Action<string> write)
    {
        var staging = NewStaging(target);
        try
        {
            Directory.CreateDirectory(staging);
            write(staging);
            Replace(target, staging, seal);
        }
        catch (IOException e)
        {
            TryDeleteTree(staging);
            throw DiskErrors.Describe(e, target);
        }
        catch
        {
            TryDeleteTree(staging);
            throw;
        }
    }

    private static void TryDeleteTree(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a leftover staging folder is hidden (a dot name), never read, and removed by Recover */ }
    }

    /// <summary>Removes a folder that may be the only copy of nothing: renamed to a trash name first, then deleted.</summary>
    public static void Discard(string folder)
    {
        var trash = Path.Combine(Parent(folder), $".{Path.GetFileName(folder)}.{Guid.NewGuid():N}{TrashSuffix}");
        Rename(folder, trash);
        DeleteTree(trash);
    }

    private static void Rename(string from, string to)
    {
        BeforeStep?.Invoke($"rename {Path.GetFileName(from)} → {Path.GetFileName(to)}");
        Directory.Move(from, to);
    }

    // File by file, so that the test hook sees every unlink a recursive delete makes.
    private static void DeleteTree(string folder)
    {
        foreach (var sub in Directory.EnumerateDirectories(folder)) DeleteTree(sub);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            BeforeStep?.Invoke($"unlink {Path.GetFileName(file)}");
            File.Delete(file);
        }
        BeforeStep?.Invoke($"rmdir {Path.GetFileName(folder)}");
        Directory.Delete(folder);
    }

    private static string Parent(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;
}
