using GptLab.IO;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>The one rule of every stage for a run folder's existing checkpoint (<see cref="StartMode"/>).</summary>
internal static class RunStart
{
    /// <summary>
    /// The checkpoint to continue, or null for a fresh start; a mismatch is a one-line error naming the fix. The caller
    /// holds the run's <see cref="RunLock"/>: what a crashed save left is finished here first. A damaged checkpoint is
    /// never overwritten, whatever the mode.
    /// </summary>
    public static Checkpoint? Open(RunFolder run, StartMode mode, Device device, bool canResume = true)
    {
        Checkpoint.Recover(run.Path);
        var existing = Checkpoint.Locate(run.Path);
        var resume = mode is StartMode.Resume;
        if (existing is null && Checkpoint.Damaged(run.Path) is { } damaged)
            throw new GptLabException(resume
                ? $"--resume: the checkpoint of run '{run.Name}' is damaged ({damaged} holds files but no {RunFiles.Config}): restore the file, or start a new run with another --name"
                : $"run '{run.Name}' holds a damaged checkpoint ({damaged} has files but no {RunFiles.Config}); it is never overwritten: move it away, or pick another --name");
        return mode switch
        {
            StartMode.Resume when existing is null => throw new GptLabException($"--resume: run '{run.Name}' has no checkpoint in {run.Path}: drop --resume to start it"),
            StartMode.Resume or StartMode.Continue when existing is not null => Checkpoint.Load(run.Path, device),
            StartMode.New when existing is not null => throw new GptLabException(
                $"run '{run.Name}' already has a checkpoint ({existing}): {(canResume ? "pass --resume to continue it, or --name" : "pass --name")} to start another run"),
            _ => null,
        };
    }

    /// <summary>
    /// Loads the base run a fine-tuning starts from, its model computing in <paramref name="dtype"/> (the fine-tuning's
    /// precision), a base's LoRA adapters folded into its weights (each stage chooses its own); a missing one is a one-line
    /// error naming the command that makes it.
    /// </summary>
    public static Checkpoint LoadBase(string baseFolder, Device device, string dtype)
    {
        if (Checkpoint.Locate(baseFolder) is null)
            throw new GptLabException($"no base model in {baseFolder}: pretrain one first with `gptlab pretrain --profile chat-cpu --name {Path.GetFileName(Path.TrimEndingDirectorySeparator(baseFolder))}`");
        return Checkpoint.LoadLanguageModel(baseFolder, device, dtype).Merged();
    }
}
