using GptLab.Training;

namespace GptLab.Cli.Commands;

/// <summary>The one rule of the training verbs for an existing run folder: continue it only with --resume, never overwrite it.</summary>
internal static class RunResume
{
    /// <summary>
    /// The run's checkpoint when <paramref name="resume"/> is set, null for a new run; a mismatch is a one-line error naming
    /// the fix. A verb without --resume (<paramref name="canResume"/> false) only gets the refusal to overwrite.
    /// </summary>
    /// <remarks>The caller holds the run's <see cref="IO.RunLock"/>: what a crashed save left is finished here first.</remarks>
    public static Checkpoint? Open(string name, string runFolder, bool resume, TorchSharp.torch.Device device, bool canResume = true)
    {
        Checkpoint.Recover(runFolder);
        var existing = Checkpoint.Locate(runFolder);
        if (existing is null && Checkpoint.Damaged(runFolder) is { } damaged)
            throw new GptLabException(resume
                ? $"--resume: the checkpoint of run '{name}' is damaged ({damaged} holds files but no {Checkpoint.ConfigFile}): restore the file, or start a new run with another --name"
                : $"run '{name}' holds a damaged checkpoint ({damaged} has files but no {Checkpoint.ConfigFile}); it is never overwritten: move it away, or pick another --name");
        if (resume)
            return existing is null
                ? throw new GptLabException($"--resume: run '{name}' has no checkpoint in {runFolder}: drop --resume to start it")
                : Checkpoint.Load(runFolder, device);
        if (existing is not null)
            throw new GptLabException($"run '{name}' already has a checkpoint ({existing}): {(canResume ? "pass --resume to continue it, or --name" : "pass --name")} to start another run");
        return null;
    }
}
