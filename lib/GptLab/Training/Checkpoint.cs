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
    public string? OptimizerPath => File.Exists(Path.Combine(Folder, RunFiles.Optimizer)) ? Path.Combine(Folder, RunFiles.Optimizer) : null;

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
        var target = Path.Combine(runFolder, RunFiles.CheckpointFolder);
        AtomicFolder.Write(target, RunFiles.Config, staging =>
        {
            writeModel(staging);
            var tokenizer = Path.Combine(staging, RunFiles.Tokenizer);
            if (File.Exists(tokenizer)) meta = meta with { TokenizerSha256 = Sha256(tokenizer) }; // binds the tokenizer to these weights
            if (optimizer is not null) optimizer.save_state_dict(Path.Combine(staging, RunFiles.Optimizer));
            if (metricsPath is not null && File.Exists(metricsPath)) File.Copy(metricsPath, Path.Combine(staging, RunFiles.Metrics));
            AtomicFile.WriteAllText(Path.Combine(staging, RunFiles.Config), JsonSerializer.Serialize(meta, Json.Options)); // the seal: last
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
        if (AtomicFolder.IsComplete(path, RunFiles.Config)) return path;
        return AtomicFolder.Find(Path.Combine(path, RunFiles.CheckpointFolder), RunFiles.Config);
    }

    /// <summary>Finishes what a crashed save left in <paramref name="runFolder"/> (<see cref="AtomicFolder.Recover"/>); the caller holds the run lock.</summary>
    public static void Recover(string runFolder) => AtomicFolder.Recover(Path.Combine(runFolder, RunFiles.CheckpointFolder), RunFiles.Config);

    /// <summary>
    /// A checkpoint folder of <paramref name="runFolder"/> that holds files but no config.json (damaged from outside, e.g.
    /// a deleted config.json), or null. Such a run is never overwritten.
    /// </summary>
    public static string? Damaged(string runFolder)
    {
        var target = Path.Combine(runFolder, RunFiles.CheckpointFolder);
        return new[] { target, target + AtomicFolder.PreviousSuffix }
            .FirstOrDefault(f => Directory.Exists(f) && !AtomicFolder.IsComplete(f, RunFiles.Config) && Directory.EnumerateFileSystemEntries(f).Any());
    }

    /// <summary>
    /// <see cref="Load"/> for a model that must write text (sampling, scoring, chatting, fine-tuning a base): a classifier's
    /// checkpoint is refused before its weights are read, because its transformer was fine-tuned to label texts and the
    /// words it writes are noise.
    /// </summary>
    public static Checkpoint LoadLanguageModel(string path, Device device, string? dtype = null)
    {
        if (Locate(path) is { } folder && CheckpointMeta.Read(Path.Combine(folder, RunFiles.Config)).Config.Stage == Configuration.Stage.Classifier)
            throw new GptLabException($"'{folder}' is a classifier (stage {Configuration.Stage.Classifier}): it labels texts and writes none; give a language model run (gptlab pretrain or sft), or label texts with gptlab classify --predict");
        return Load(path, device, dtype);
    }

    /// <summary>
    /// Loads model (on <paramref name="device"/>), tokenizer and meta; every problem is one line naming the fix. The model
    /// computes in the precision it was saved with, or in <paramref name="dtype"/> when given (a fine-tuning stage's own).
    /// </summary>
    public static Checkpoint Load(string path, Device device, string? dtype = null)
    {
        var folder = Locate(path)
            ?? throw new GptLabException($"no checkpoint at '{path}': it is written by `gptlab pretrain` (pass --name <run> or a checkpoint folder)");
        var meta = CheckpointMeta.Read(Path.Combine(folder, RunFiles.Config));
        var tokenizerPath = Path.Combine(folder, RunFiles.Tokenizer);
        if (!File.Exists(tokenizerPath))
            throw new GptLabException($"checkpoint '{folder}' has no {RunFiles.Tokenizer}: copy the one it was trained with back (for a pretraining run, runs/<name>/data/{RunFiles.Tokenizer}), or train again");
        if (meta.TokenizerSha256 is { } expected && Sha256(tokenizerPath) != expected)
            throw new GptLabException($"checkpoint '{folder}': {RunFiles.Tokenizer} is not the tokenizer its weights were trained with (its SHA-256 differs from config.json's tokenizer_sha256): copy the right one back (for a pretraining run, runs/<name>/data/{RunFiles.Tokenizer}), or train again");
        ITokenizer tokenizer;
        try
        {
            tokenizer = TokenizerFile.Load(tokenizerPath);
        }
        catch (GptLabException e)
        {
            throw new GptLabException($"checkpoint '{folder}': its {RunFiles.Tokenizer} is damaged ({e.Message.TrimEnd('.')}); copy the one it was trained with back, or train again", e);
        }
        if (tokenizer.VocabSize != meta.Config.Model.VocabSize)
            throw new GptLabException($"checkpoint '{folder}' is inconsistent: tokenizer has {tokenizer.VocabSize} ids, model expects {meta.Config.Model.VocabSize}; train it again");
        var modelPath = Path.Combine(folder, RunFiles.Model);
        if (!File.Exists(modelPath))
            throw new GptLabException($"checkpoint '{folder}' has no {RunFiles.Model}: it is incomplete; train again or point to another checkpoint");

        if (SafetensorsFiles.Shortfall(modelPath) is { } shortfall)
            throw new GptLabException($"checkpoint '{folder}': {RunFiles.Model} is damaged ({shortfall}); copy it again or train again");
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
        if (FirstNonFinite(model) is { } broken)
        {
            model.Dispose();
            throw new GptLabException($"checkpoint '{folder}': {RunFiles.Model} holds non-finite weights (NaN or infinity in {broken}); nothing can be sampled, scored or resumed from it: restore an earlier copy, or train again");
        }
        model.to(device);
        return new Checkpoint(folder, meta, tokenizer, model);
    }

    /// <summary>
    /// This checkpoint with its LoRA adapters folded into the weights (<see cref="Gpt.Merged"/>), its config saying so;
    /// itself when the model has none. The adapted model is disposed: the merged one computes the same.
    /// </summary>
    public Checkpoint Merged()
    {
        if (Model.Config.LoraRank == 0) return this;
        var plain = Model.Merged();
        Model.Dispose();
        var config = Meta.Config with { Model = plain.Config };
        return new Checkpoint(Folder, Meta with { Config = config }, Tokenizer, plain);
    }

    public void Dispose() => Model.Dispose();

    // The name of the first weight holding a NaN or an infinity, or null: the trainer never saves one, so it came from outside.
    private static string? FirstNonFinite(Gpt model)
    {
        using var scope = NewDisposeScope();
        return model.state_dict().FirstOrDefault(p => !isfinite(p.Value).all().item<bool>()).Key;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
