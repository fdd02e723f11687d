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

    /// <summary>The folder of run <paramref name="name"/>; names are plain folder names.</summary>
    public static string For(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            throw new GptLabException($"run name '{name}' is not a plain folder name: use letters, digits, '-' or '_' (e.g. --name shakespeare-char)");
        return Path.Combine(Root, name);
    }
}
