namespace GptLab.IO;

/// <summary>
/// Where runs live: <c>runs/&lt;name&gt;/</c> at the repository root (the working folder outside a clone), or under
/// <c>$GPTLAB_RUNS</c>. The CLI and the notebooks (whose working folder is notebooks/) share it.
/// </summary>
public static class RunFolders
{
    public const string EnvironmentVariable = "GPTLAB_RUNS";

    public static string Root
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return Path.GetFullPath(string.IsNullOrEmpty(configured) ? Path.Combine(RepoPaths.Root ?? ".", "runs") : configured);
        }
    }

    /// <summary>
    /// Creates <paramref name="runFolder"/> (and the root above it); a <c>GPTLAB_RUNS</c> that cannot hold folders (a file,
    /// /proc, no permission) is a one-line error naming it and the fix.
    /// </summary>
    public static string Create(string runFolder)
    {
        try
        {
            Directory.CreateDirectory(runFolder);
            return runFolder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (e is IOException io && DiskErrors.IsDiskFull(io)) throw DiskErrors.Describe(io, runFolder);
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            var reason = e.Message.Split('\n')[0].TrimEnd('.');
            throw new GptLabException(string.IsNullOrEmpty(configured)
                ? $"cannot create the run folder {runFolder} ({reason}): set {EnvironmentVariable} to a writable folder"
                : $"{EnvironmentVariable}={configured} cannot hold run folders ({reason}): point {EnvironmentVariable} at a writable folder, or unset it to use runs/ in the repository", e);
        }
    }

    /// <summary>The longest folder name most file systems allow, in bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The folder of run <paramref name="name"/>; names are plain folder names of at most <see cref="MaxNameBytes"/> bytes.</summary>
    public static string For(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            throw new GptLabException($"run name '{name}' is not a plain folder name: use letters, digits, '-' or '_' (e.g. --name shakespeare-char)");
        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            throw new GptLabException($"run name '{name[..20]}…' is {System.Text.Encoding.UTF8.GetByteCount(name)} bytes, longer than a folder name may be ({MaxNameBytes}): choose a shorter --name");
        return Path.Combine(Root, name);
    }
}
