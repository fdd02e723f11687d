using System.Text.Json;
using GptLab.Configuration;
using GptLab.IO;
using GptLab.Model;
using GptLab.Tokenization;
using GptLab.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Interop;

/// <summary>
/// A model GptLab did not train becomes a run with a normal checkpoint (stage base, parent = the source folder): a
/// Hugging Face GPT-2 folder (<see cref="Gpt2"/>) or a nanoGPT state dict in safetensors (<see cref="NanoGpt"/>). The
/// tokenizer is the one <see cref="CheckpointExport"/> wrote beside the weights when there is one, else GPT-2's. Every
/// check runs before anything is written: a refused import leaves no run folder behind.
/// </summary>
public static class PretrainedImport
{
    /// <summary>Imports the Hugging Face GPT-2 folder <paramref name="from"/> (config.json + model.safetensors) as <paramref name="runFolder"/>.</summary>
    public static string Gpt2(string from, string runFolder)
    {
        var configPath = Required(from, HuggingFaceGpt2Config.FileName, "a Hugging Face GPT-2 folder holds config.json and model.safetensors");
        var modelPath = Required(from, RunFiles.Model, File.Exists(Path.Combine(from, "pytorch_model.bin"))
            ? "pytorch_model.bin is a Python pickle GptLab does not read: download model.safetensors from the same repository"
            : "a Hugging Face GPT-2 folder holds config.json and model.safetensors");
        var config = HuggingFaceGpt2Config.Read(configPath);
        using var scope = NewDisposeScope();
        var weights = Gpt2Weights.FromHuggingFace(SafetensorsFiles.Read(modelPath), config, modelPath);
        return Save(from, runFolder, config, weights);
    }

    /// <summary>
    /// Imports a nanoGPT model from <paramref name="from"/>: model.safetensors with nanoGPT's names (a compiled model's
    /// <c>_orig_mod.</c> prefix is dropped) and model_args.json (nanoGPT's model_args dict), as <paramref name="runFolder"/>.
    /// </summary>
    public static string NanoGpt(string from, string runFolder)
    {
        var argsPath = Required(from, CheckpointExport.ModelArgsFile, "a nanoGPT export holds model_args.json and model.safetensors (docs/scale-out.md)");
        var modelPath = Required(from, RunFiles.Model, "a nanoGPT export holds model_args.json and model.safetensors (docs/scale-out.md)");
        var config = ReadModelArgs(argsPath);
        using var scope = NewDisposeScope();
        var weights = SafetensorsFiles.Read(modelPath).Select(p => (Name: p.Key.Replace("_orig_mod.", ""), Tensor: p.Value))
            .Where(p => !Gpt2Weights.IsCausalMask(p.Name)).ToDictionary(p => p.Name, p => p.Tensor.to(ScalarType.Float32));
        if (weights.TryGetValue("transformer.wte.weight", out var embedding)) weights.TryAdd("lm_head.weight", embedding); // tied: nanoGPT files may carry one name
        return Save(from, runFolder, config, weights);
    }

    private static string Save(string from, string runFolder, GptConfig config, Dictionary<string, Tensor> weights)
    {
        var tokenizer = TokenizerOf(from, config);
        RefuseExisting(runFolder);
        using var model = new Gpt(config);
        RefuseMismatch(from, model, weights);
        model.load_state_dict(weights, strict: true);
        using var runLock = RunLock.Acquire(runFolder, "gptlab import");
        RefuseExisting(runFolder); // again under the lock: another process may have written it meanwhile
        var source = Path.GetFullPath(from);
        var meta = new CheckpointMeta
        {
            Config = new RunConfig
            {
                Model = config,
                // No training text: the corpus names where the weights came from, so that nothing reads it as one.
                Data = new DataConfig { Corpus = source, Tokenizer = tokenizer.Kind, SpecialTokens = tokenizer.Kind == Tokenizers.Bpe ? [.. tokenizer.SpecialTokens.Keys] : [] },
                Stage = Stage.Base,
                Parent = source,
            },
            Tokenizer = tokenizer.Kind,
            VocabSize = tokenizer.VocabSize,
            Step = 0,
        };
        return Checkpoint.Save(runFolder, meta, folder =>
        {
            tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
            model.save_safetensors(Path.Combine(folder, RunFiles.Model));
        }, optimizer: null, metricsPath: null);
    }

    /// <summary>Refuses, in one line, a run folder that already holds a checkpoint (an import never overwrites one).</summary>
    public static void RefuseExisting(string runFolder)
    {
        if (Checkpoint.Locate(runFolder) is not null || Checkpoint.Damaged(runFolder) is not null)
            throw new GptLabException($"run '{Path.GetFileName(runFolder)}' already holds a checkpoint: import under another --name, or delete {runFolder}");
    }

    // One line naming the tensors the file lacks, those the model has no place for, and those of another shape.
    private static void RefuseMismatch(string from, Gpt model, Dictionary<string, Tensor> weights)
    {
        var expected = model.state_dict();
        var problems = new List<string>();
        static string Names(IEnumerable<string> names)
        {
            var list = names.ToList();
            return string.Join(", ", list.Take(4).Select(n => $"\"{n}\"")) + (list.Count > 4 ? $" and {list.Count - 4} more" : "");
        }
        if (expected.Keys.Where(k => !weights.ContainsKey(k)).ToList() is { Count: > 0 } missing)
            problems.Add($"it lacks {Names(missing)}");
        if (weights.Keys.Where(k => !expected.ContainsKey(k)).ToList() is { Count: > 0 } extra)
            problems.Add($"it holds {Names(extra)}, which a GPT of this shape has no place for");
        var misshapen = expected.Where(p => weights.TryGetValue(p.Key, out var w) && !w.shape.SequenceEqual(p.Value.shape))
            .Select(p => $"{p.Key} [{string.Join(", ", weights[p.Key].shape)}], the model's [{string.Join(", ", p.Value.shape)}]").ToList();
        if (misshapen.Count > 0) problems.Add($"shapes differ: {string.Join("; ", misshapen.Take(3))}{(misshapen.Count > 3 ? $" and {misshapen.Count - 3} more" : "")}");
        if (problems.Count > 0)
            throw new GptLabException($"cannot import {from}: its weights do not fit its model shape: {string.Join("; ", problems)} (a nanoGPT export holds exactly the tensors its model_args.json implies, under nanoGPT's names)");
    }

    // The tokenizer written beside the weights by `gptlab export`, else GPT-2's (when the vocabulary is GPT-2's).
    private static ITokenizer TokenizerOf(string from, GptConfig config)
    {
        var beside = Path.Combine(from, CheckpointExport.TokenizerFile);
        var tokenizer = File.Exists(beside) ? TokenizerFile.Load(beside)
            : config.VocabSize == new Gpt2Tokenizer().VocabSize ? new Gpt2Tokenizer()
            : throw new GptLabException($"cannot import {from}: vocab_size={config.VocabSize} is not GPT-2's 50,257 and the folder has no {CheckpointExport.TokenizerFile}: put the tokenizer these weights were trained with beside them");
        return tokenizer.VocabSize == config.VocabSize ? tokenizer
            : throw new GptLabException($"cannot import {from}: {CheckpointExport.TokenizerFile} has {tokenizer.VocabSize} ids, the model {config.VocabSize}: the tokenizer belongs to another model");
    }

    private static GptConfig ReadModelArgs(string path)
    {
        try
        {
            var args = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(path))
                ?? throw new GptLabException($"cannot import {path}: it is empty");
            int Int(string key) => args.TryGetValue(key, out var v) && v.TryGetInt32(out var n) ? n
                : throw new GptLabException($"cannot import {path}: \"{key}\" is missing or not a whole number (nanoGPT's model_args has n_layer, n_head, n_embd, block_size, bias, vocab_size)");
            var bias = !args.TryGetValue("bias", out var b) || b.ValueKind != JsonValueKind.False;
            var activation = args.TryGetValue("activation", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : GptConfig.Gelu;
            var config = new GptConfig { VocabSize = Int("vocab_size"), BlockSize = Int("block_size"), NLayer = Int("n_layer"), NHead = Int("n_head"), NEmbd = Int("n_embd"), Dropout = 0.0, Bias = bias, Activation = activation };
            return config.Validate();
        }
        catch (JsonException e)
        {
            throw new GptLabException($"cannot import {path}: it is not valid JSON ({e.Message.Split('\n')[0]})");
        }
        catch (GptLabException e) when (e.Message.StartsWith("invalid model config", StringComparison.Ordinal))
        {
            throw new GptLabException($"cannot import {path}: {e.Message}");
        }
    }

    private static string Required(string folder, string file, string hint)
    {
        if (!Directory.Exists(folder))
            throw new GptLabException($"cannot import {folder}: no such folder; --from names the folder that holds the model's files");
        var path = Path.Combine(folder, file);
        return File.Exists(path) ? path : throw new GptLabException($"cannot import {folder}: it has no {file} ({hint})");
    }
}
