using GptLab.Training;

namespace GptLab.Cli.Commands;

/// <summary>The one rule of the training verbs for an existing run folder: continue it only with --resume, never overwrite it.</summary>
internal static class RunResume
{
    /// <summary>
    /// The run's checkpoint when <paramref name="resume"/> is set, null for a new run; a mismatch is a one-line error naming
    /// the fix. A verb without --resume (<paramref name="canResume"/> false) only gets the refusal to overwrite.
    /// </summary>
    public static Checkpoint? Open(string name, string runFolder, bool resume, TorchSharp.torch.Device device, bool canResume = true)
    {
        var existing = Checkpoint.Locate(runFolder);
        if (resume)
            return existing is null
                ? throw new GptLabException($"--resume: run '{name}' has no checkpoint in {runFolder}: drop --resume to start it")
                : Checkpoint.Load(runFolder, device);
        if (existing is not null)
            throw new GptLabException($"run '{name}' already has a checkpoint ({existing}): {(canResume ? "pass --resume to continue it, or --name" : "pass --name")} to start another run");
        return null;
    }
}
