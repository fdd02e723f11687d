namespace GptLab.IO;

/// <summary>
/// One run's folder, typed: <c>runs/&lt;name&gt;/</c> (or under <c>$GPTLAB_RUNS</c>) with its prepared data, its
/// checkpoint, its metrics and its lock. Stages hand over through these folders, as nanochat's do.
/// </summary>
public sealed record RunFolder
{
    private RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    /// <summary>The run folder itself.</summary>
    public string Path { get; }

    /// <summary>The run's name: the folder's name.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The prepared data: tokenizer, train.bin, val.bin, meta.json.</summary>
    public string Data => System.IO.Path.Combine(Path, RunFiles.DataFolder);

    /// <summary>The checkpoint folder (replaced whole on every save).</summary>
    public string Checkpoint => System.IO.Path.Combine(Path, RunFiles.CheckpointFolder);

    /// <summary>metrics.jsonl: one line per logged step, the evaluations among them.</summary>
    public string Metrics => System.IO.Path.Combine(Path, RunFiles.Metrics);

    /// <summary>The run named <paramref name="name"/> under <see cref="RunFolders.Root"/>; names are plain folder names.</summary>
    public static RunFolder Named(string name) => new(RunFolders.For(name));

    /// <summary>A run folder at any path (a test's temporary folder, an experiment's condition).</summary>
    public static RunFolder At(string path) => new(path);

    /// <summary>The run folder that holds the checkpoint folder <paramref name="checkpointFolder"/> (its parent).</summary>
    public static RunFolder OfCheckpoint(string checkpointFolder) =>
        new(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(checkpointFolder))!);

    /// <summary>Takes the run's lock for <paramref name="owner"/> (e.g. "gptlab pretrain"): one writer per run, until disposed.</summary>
    public RunLock Lock(string owner) => RunLock.Acquire(Path, owner);

    /// <summary>Creates the folder (and the runs root above it); a folder that cannot be made is a one-line error.</summary>
    public RunFolder Create()
    {
        RunFolders.Create(Path);
        return this;
    }

    public override string ToString() => Path;
}
