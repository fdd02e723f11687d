using GptLab.Interop;
using GptLab.IO;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// The pretrained model notebook 09 compares with the course's: GPT-2 when its files are on this machine (the hub cache
/// that <c>gptlab import gpt2 --download gpt2</c> fills, or a folder named by <c>$GPTLAB_GPT2</c>), imported once into
/// <c>runs/gpt2/</c>; otherwise a stand-in, the course chat base exported to GPT-2's Hugging Face layout and imported back
/// into <c>runs/gpt2-stand-in-&lt;profile&gt;/</c>, so that every cell runs the same import path on any machine.
/// </summary>
public static class PretrainedModels
{
    public const string Gpt2Variable = "GPTLAB_GPT2";

    /// <summary>The folder holding GPT-2's config.json and model.safetensors on this machine, or null.</summary>
    public static string? Gpt2Folder()
    {
        var named = Environment.GetEnvironmentVariable(Gpt2Variable);
        foreach (var folder in new[] { named, HubDownload.CacheFolder("gpt2") })
            if (folder is not null && HubDownload.Files.All(f => File.Exists(Path.Combine(folder, f)))) return folder;
        return null;
    }

    /// <summary>
    /// GPT-2 (<paramref name="isGpt2"/> true) or the stand-in, imported on first use; <paramref name="chatBase"/> is
    /// exported for the stand-in. The caller disposes the checkpoint.
    /// </summary>
    public static Checkpoint Gpt2OrStandIn(string profileName, Checkpoint chatBase, Device device, out bool isGpt2)
    {
        var source = Gpt2Folder();
        isGpt2 = source is not null;
        var run = RunFolders.For(isGpt2 ? "gpt2" : $"gpt2-stand-in-{profileName}");
        if (Checkpoint.Locate(run) is null)
        {
            if (source is null)
            {
                source = Path.Combine(RunFolders.For($"gpt2-stand-in-{profileName}-export"), "hf");
                if (!File.Exists(Path.Combine(source, CheckpointExport.TokenizerFile)))
                {
                    if (Directory.Exists(source)) Directory.Delete(source, recursive: true); // an export cut short: write it again
                    CheckpointExport.Write(chatBase, CheckpointExport.HuggingFace, source);
                }
            }
            PretrainedImport.Gpt2(source, run);
        }
        return Checkpoint.Load(run, device);
    }
}
