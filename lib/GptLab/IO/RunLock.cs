namespace GptLab.IO;

/// <summary>
/// One writer per run folder: an exclusive lock on <c>&lt;run&gt;/.lock</c> (an advisory flock on Linux and macOS, a share
/// lock on Windows), held until disposed. The kernel releases it when its process dies, however it dies, so a killed
/// run never blocks the next one. A second writer gets a one-line error naming the process that holds the run.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _lock;

    private RunLock(FileStream held) => _lock = held;

    /// <summary>Takes the lock of <paramref name="runFolder"/> (created if missing) for <paramref name="what"/> (e.g. "gptlab pretrain").</summary>
    public static RunLock Acquire(string runFolder, string what)
    {
        RunFolders.Create(runFolder);
        var path = Path.Combine(runFolder, RunFiles.Lock);
        try
        {
            var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(Path.Combine(runFolder, RunFiles.LockOwner), $"process {Environment.ProcessId} ({what}, since {DateTime.Now:HH:mm:ss})");
            return new RunLock(held);
        }
        catch (IOException e) when (File.Exists(path) && !DiskErrors.IsDiskFull(e))
        {
            var owner = File.Exists(Path.Combine(runFolder, RunFiles.LockOwner)) ? File.ReadAllText(Path.Combine(runFolder, RunFiles.LockOwner)).Trim() : "another process";
            throw new GptLabException($"run '{Path.GetFileName(runFolder)}' is in use by {owner}: wait for it to finish (or stop it), or pick another --name");
        }
    }

    public void Dispose() => _lock.Dispose();
}
