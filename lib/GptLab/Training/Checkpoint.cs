using System.Text.Json;
using GptLab.IO;
using GptLab.Model;
using GptLab.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// A checkpoint directory: config.json, tokenizer.json, model.safetensors (nanoGPT/GPT-2 names, readable by
/// Python's safetensors), optimizer.bin and metrics.jsonl. Saving writes a fresh folder and swaps it in by
/// renames, so an interrupted save leaves the previous checkpoint whole.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    public const string FolderName = "checkpoint";
    public const string ConfigFile = "config.json";
    public const string ModelFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.bin";
    private const string PreviousSuffix = ".previous";

    private Checkpoint(string folder, CheckpointMeta meta, ITokenizer tokenizer, Gpt model)
    {
        Folder = folder;
        Meta = meta;
        Tokenizer = tokenizer;
        Model = model;
    }

    public string Folder { get; }

    public CheckpointMeta Meta { get; }

    public ITokenizer Tokenizer { get; }

    public Gpt Model { get; }

    /// <summary>optimizer.bin, when the checkpoint has one (for resuming).</summary>
    public string? OptimizerPath => File.Exists(Path.Combine(Folder, OptimizerFile)) ? Path.Combine(Folder, OptimizerFile) : null;

    /// <summary>Test hook: runs after every file of a new checkpoint is written, before it replaces the old one.</summary>
    internal static Action<string>? BeforeSwap { get; set; }

    /// <summary>
    /// Saves into <c>&lt;runFolder&gt;/checkpoint</c>; <paramref name="writeModel"/> writes the weights and tokenizer into
    /// the folder it is given. Returns the checkpoint folder.
    /// </summary>
    public static string Save(string runFolder, CheckpointMeta meta, Action<string> writeModel, OptimizerHelper? optimizer, string? metricsPath)
    {
        var target = Path.Combine(runFolder, FolderName);
        var staging = Path.Combine(runFolder, $".{FolderName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            File.WriteAllText(Path.Combine(staging, ConfigFile), JsonSerializer.Serialize(meta, Json.Options));
            writeModel(staging);
            if (optimizer is not null) optimizer.save_state_dict(Path.Combine(staging, OptimizerFile));
            if (metricsPath is not null && File.Exists(metricsPath)) File.Copy(metricsPath, Path.Combine(staging, MetricsLog.FileName));
            BeforeSwap?.Invoke(staging);

            // Swap: old → .previous, staging → checkpoint, drop .previous. Load falls back to .previous if a
            // crash lands between the two renames.
            var previous = target + PreviousSuffix;
            if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
            if (Directory.Exists(target)) Directory.Move(target, previous);
            Directory.Move(staging, target);
            if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
            return target;
        }
        catch (IOException e)
        {
            TryDelete(staging);
            throw DiskErrors.Describe(e, target);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    /// <summary>The checkpoint folder for a run folder or a checkpoint folder, or null when there is none.</summary>
    public static string? Locate(string path)
    {
        foreach (var candidate in new[] { path, Path.Combine(path, FolderName), Path.Combine(path, FolderName) + PreviousSuffix })
            if (File.Exists(Path.Combine(candidate, ConfigFile))) return candidate;
        return null;
    }

    /// <summary>
    /// Loads model (on <paramref name="device"/>), tokenizer and meta; every problem is one line naming the fix. The model
    /// computes in the precision it was saved with, or in <paramref name="dtype"/> when given (a fine-tuning stage's own).
    /// </summary>
    public static Checkpoint Load(string path, Device device, string? dtype = null)
    {
        var folder = Locate(path)
            ?? throw new GptLabException($"no checkpoint at '{path}': it is written by `gptlab pretrain` (pass --name <run> or a checkpoint folder)");
        var meta = CheckpointMeta.Read(Path.Combine(folder, ConfigFile));
        var tokenizer = TokenizerFile.Load(Path.Combine(folder, TokenizerFile.FileName));
        if (tokenizer.VocabSize != meta.Config.Model.VocabSize)
            throw new GptLabException($"checkpoint '{folder}' is inconsistent: tokenizer has {tokenizer.VocabSize} ids, model expects {meta.Config.Model.VocabSize}; train it again");
        var modelPath = Path.Combine(folder, ModelFile);
        if (!File.Exists(modelPath))
            throw new GptLabException($"checkpoint '{folder}' has no {ModelFile}: it is incomplete; train again or point to another checkpoint");

        var model = new Gpt(meta.Config.Model, dtype ?? meta.Config.Dtype);
        try
        {
            model.load_safetensors(modelPath, strict: true);
        }
        catch (Exception e) when (e is not GptLabException and not OutOfMemoryException)
        {
            model.Dispose();
            throw new GptLabException($"checkpoint '{folder}' does not fit its config ({e.Message.Split('\n')[0]}): it was written by another model shape or version; train again");
        }
        model.to(device);
        return new Checkpoint(folder, meta, tokenizer, model);
    }

    public void Dispose() => Model.Dispose();

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a leftover staging folder is ignored by Load */ }
    }
}
