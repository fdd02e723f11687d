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
/// renames (<see cref="AtomicFolder"/>), so a save interrupted at any point leaves a complete checkpoint.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    public const string FolderName = "checkpoint";
    public const string ConfigFile = "config.json";
    public const string ModelFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.bin";

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
    /// the folder it is given. config.json is written last: it seals the folder as complete (<see cref="AtomicFolder"/>),
    /// which then replaces the previous checkpoint so that a crash at any point leaves one complete checkpoint. The
    /// caller holds the run's <see cref="RunLock"/>. Returns the checkpoint folder.
    /// </summary>
    public static string Save(string runFolder, CheckpointMeta meta, Action<string> writeModel, OptimizerHelper? optimizer, string? metricsPath)
    {
        var target = Path.Combine(runFolder, FolderName);
        AtomicFolder.Write(target, ConfigFile, staging =>
        {
            writeModel(staging);
            if (optimizer is not null) optimizer.save_state_dict(Path.Combine(staging, OptimizerFile));
            if (metricsPath is not null && File.Exists(metricsPath)) File.Copy(metricsPath, Path.Combine(staging, MetricsLog.FileName));
            AtomicFile.WriteAllText(Path.Combine(staging, ConfigFile), JsonSerializer.Serialize(meta, Json.Options)); // the seal: last
            BeforeSwap?.Invoke(staging);
        });
        return target;
    }

    /// <summary>
    /// The complete checkpoint for a run folder or a checkpoint folder, or null when there is none: the checkpoint, or
    /// its <c>.previous</c> when a crash came between the two renames of a save.
    /// </summary>
    public static string? Locate(string path)
    {
        if (AtomicFolder.IsComplete(path, ConfigFile)) return path;
        return AtomicFolder.Find(Path.Combine(path, FolderName), ConfigFile);
    }

    /// <summary>Finishes what a crashed save left in <paramref name="runFolder"/> (<see cref="AtomicFolder.Recover"/>); the caller holds the run lock.</summary>
    public static void Recover(string runFolder) => AtomicFolder.Recover(Path.Combine(runFolder, FolderName), ConfigFile);

    /// <summary>
    /// A checkpoint folder of <paramref name="runFolder"/> that holds files but no config.json (damaged from outside, e.g.
    /// a deleted config.json), or null. Such a run is never overwritten.
    /// </summary>
    public static string? Damaged(string runFolder)
    {
        var target = Path.Combine(runFolder, FolderName);
        return new[] { target, target + AtomicFolder.PreviousSuffix }
            .FirstOrDefault(f => Directory.Exists(f) && !AtomicFolder.IsComplete(f, ConfigFile) && Directory.EnumerateFileSystemEntries(f).Any());
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

        if (SafetensorsShortfall(modelPath) is { } shortfall)
            throw new GptLabException($"checkpoint '{folder}': {ModelFile} is damaged ({shortfall}); copy it again or train again");
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

    /// <summary>What is missing from a safetensors file (8-byte header length, JSON header, then the tensors' bytes), or null.</summary>
    internal static string? SafetensorsShortfall(string path)
    {
        var length = new FileInfo(path).Length;
        using var stream = File.OpenRead(path);
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8) return $"{length} bytes, shorter than its header";
        var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(prefix);
        if (headerLength <= 0 || 8 + headerLength > length) return $"truncated: {length:N0} bytes, its header alone needs {8 + headerLength:N0}";
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        try
        {
            using var json = JsonDocument.Parse(header);
            var end = json.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
                .Select(p => p.Value.GetProperty("data_offsets")[1].GetInt64()).DefaultIfEmpty(0).Max();
            return 8 + headerLength + end > length ? $"truncated: {length:N0} of {8 + headerLength + end:N0} bytes" : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "its header is not valid safetensors JSON";
        }
    }
}
