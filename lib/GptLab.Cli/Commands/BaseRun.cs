using GptLab.IO;
using GptLab.Training;

namespace GptLab.Cli.Commands;

/// <summary>The pretrained run a fine-tuning verb (sft, classify) starts from.</summary>
internal static class BaseRun
{
    /// <summary>
    /// Loads run <paramref name="name"/>'s checkpoint, its model computing in <paramref name="dtype"/> (the fine-tuning run's
    /// precision); a missing one is a one-line error naming the command that makes it.
    /// </summary>
    public static Checkpoint Load(string name, TorchSharp.torch.Device device, string dtype)
    {
        var folder = RunFolders.For(name);
        if (Checkpoint.Locate(folder) is null)
            throw new GptLabException($"no base model in {folder}: pretrain one first with `gptlab pretrain --profile chat-cpu --name {name}`");
        return Checkpoint.Load(folder, device, dtype);
    }
}
