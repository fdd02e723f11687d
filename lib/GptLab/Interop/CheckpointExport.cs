using System.Text.Json.Nodes;
using GptLab.IO;
using GptLab.Model;
using GptLab.Tokenization;
using GptLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Interop;

/// <summary>
/// A checkpoint written out for PyTorch: Hugging Face's GPT-2 layout (config.json + model.safetensors, Conv1D
/// orientation, HF names; <c>GPT2LMHeadModel.from_pretrained(folder)</c> loads it) or nanoGPT's (model.safetensors with
/// nanoGPT's names + model_args.json, nanoGPT's model_args dict; docs/scale-out.md has the Python that loads it). The
/// run's tokenizer goes beside the weights in GptLab's format, so <see cref="PretrainedImport"/> brings a course model
/// back whole. A model fine-tuned with LoRA goes out with its adapters folded into the weights (<see cref="Gpt.Merged"/>).
/// The folder is written under a staging name and renamed into place: it is complete or absent.
/// </summary>
public static class CheckpointExport
{
    public const string HuggingFace = "hf";

    public const string NanoGptFormat = "nanogpt";

    public static IReadOnlyList<string> Formats { get; } = [HuggingFace, NanoGptFormat];

    /// <summary>GptLab's tokenizer file in an exported folder (Hugging Face's own tokenizer.json is another format).</summary>
    public const string TokenizerFile = "gptlab-tokenizer.json";

    /// <summary>nanoGPT's model_args (n_layer, n_head, n_embd, block_size, bias, vocab_size, dropout) as JSON.</summary>
    public const string ModelArgsFile = "model_args.json";

    /// <summary>Writes <paramref name="checkpoint"/> to the new folder <paramref name="to"/> in <paramref name="format"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(Checkpoint checkpoint, string format, string to)
    {
        if (!Formats.Contains(format))
            throw new GptLabException($"unknown export format '{format}': use --format {string.Join(" or ", Formats)}");
        if (File.Exists(to) || (Directory.Exists(to) && Directory.EnumerateFileSystemEntries(to).Any()))
            throw new GptLabException($"--to {to} already exists and is not empty: export into a new folder, or empty that one first");
        var target = Path.GetFullPath(to);
        // LoRA adapters are folded into the weights: PyTorch and Hugging Face read plain GPT-2 and nanoGPT weights.
        var model = checkpoint.Model.Config.LoraRank > 0 ? checkpoint.Model.Merged() : checkpoint.Model;
        try
        {
            // The tokenizer is written last: it seals the folder as complete.
            AtomicFolder.Write(target, TokenizerFile, staging =>
            {
                if (format == HuggingFace) WriteHuggingFace(model, checkpoint.Tokenizer, staging);
                else WriteNanoGpt(model, staging);
                checkpoint.Tokenizer.Save(Path.Combine(staging, TokenizerFile));
            });
        }
        finally
        {
            if (model != checkpoint.Model) model.Dispose();
        }
        return [.. Directory.GetFiles(target).Order()];
    }

    private static void WriteHuggingFace(Gpt model, ITokenizer tokenizer, string folder)
    {
        var endOfText = tokenizer.SpecialTokens.TryGetValue("<|endoftext|>", out var id) ? id : (int?)null;
        AtomicFile.WriteAllText(Path.Combine(folder, HuggingFaceGpt2Config.FileName), HuggingFaceGpt2Config.Write(model.Config, endOfText));
        using var scope = NewDisposeScope();
        SafetensorsFiles.Write(Path.Combine(folder, RunFiles.Model), Gpt2Weights.ToHuggingFace(model));
    }

    private static void WriteNanoGpt(Gpt model, string folder)
    {
        var c = model.Config;
        var args = new JsonObject
        {
            ["n_layer"] = c.NLayer, ["n_head"] = c.NHead, ["n_embd"] = c.NEmbd, ["block_size"] = c.BlockSize,
            ["bias"] = c.Bias, ["vocab_size"] = c.VocabSize, ["dropout"] = c.Dropout,
        };
        // nanoGPT's GPT has no activation argument (its GELU is exact): GptLab reads it back, nanoGPT ignores it.
        if (c.Activation != Model.GptConfig.Gelu) args["activation"] = c.Activation;
        AtomicFile.WriteAllText(Path.Combine(folder, ModelArgsFile), args.ToJsonString(new() { WriteIndented = true }) + "\n");
        using var scope = NewDisposeScope();
        var weights = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous());
        SafetensorsFiles.Write(Path.Combine(folder, RunFiles.Model), weights);
    }
}
