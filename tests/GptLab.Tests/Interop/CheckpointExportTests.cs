using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using GptLab.Configuration;
using GptLab.Evaluation;
using GptLab.Interop;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Interop;

[Trait("Category", TestCategory.Slow)]
public class CheckpointExportTests
{
    private static string TrainedRun(GptLab.Model.GptConfig? shape = null)
    {
        var folder = TestPaths.NewTempFolder("export-run");
        var config = TorchFixture.TinyRun(maxSteps: 3, checkpointInterval: 3);
        if (shape is not null) config = config with { Model = shape with { VocabSize = 65 } };
        using var model = TorchFixture.NewModel(config.Model);
        using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, folder, CPU);
        trainer.Train();
        return folder;
    }

    [Theory]
    [InlineData(CheckpointExport.HuggingFace)]
    [InlineData(CheckpointExport.NanoGptFormat)]
    public void ExportThenImportGivesBitIdenticalWeightsAndTheSameScore(string format)
    {
        var run = TrainedRun();
        var exported = Path.Combine(TestPaths.NewTempFolder("export"), "out");
        var back = Path.Combine(TestPaths.NewTempFolder("export-back"), "run");
        using (var original = Checkpoint.Load(run, CPU)) CheckpointExport.Write(original, format, exported);
        if (format == CheckpointExport.HuggingFace) PretrainedImport.Gpt2(exported, back);
        else PretrainedImport.NanoGpt(exported, back);

        using var before = Checkpoint.Load(run, CPU);
        using var after = Checkpoint.Load(back, CPU);
        Assert.Equal(before.Model.Config, after.Model.Config with { Dropout = before.Model.Config.Dropout });
        var weights = after.Model.state_dict();
        foreach (var (name, tensor) in before.Model.state_dict())
            Assert.True(tensor.equal(weights[name]).all().item<bool>() && tensor.dtype == weights[name].dtype, $"{name} changed in the {format} round trip");
        var text = File.ReadAllText(TestPaths.Shakespeare)[^3_000..];
        var (scoreBefore, scoreAfter) = (TextLoss.Score(before.Model, before.Tokenizer, text, "held-out"), TextLoss.Score(after.Model, after.Tokenizer, text, "held-out"));
        Assert.Equal((scoreBefore.Tokens, scoreBefore.Loss, scoreBefore.BitsPerChar), (scoreAfter.Tokens, scoreAfter.Loss, scoreAfter.BitsPerChar));
        Assert.Equal(scoreBefore.Windows, scoreAfter.Windows);
        Assert.Equal(before.Tokenizer.Encode("O Romeo, Romeo!"), after.Tokenizer.Encode("O Romeo, Romeo!"));
    }

    [Fact]
    public void TheHuggingFaceLayoutHasGpt2sNamesOrientationConfigAndMetadata()
    {
        using var checkpoint = Checkpoint.Load(TrainedRun(), CPU);
        var folder = Path.Combine(TestPaths.NewTempFolder("export-hf"), "gpt2");
        CheckpointExport.Write(checkpoint, CheckpointExport.HuggingFace, folder);
        var c = checkpoint.Model.Config;
        var (entries, metadata) = Header(Path.Combine(folder, "model.safetensors"));
        Assert.Equal("pt", metadata!["format"]!.GetValue<string>());
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("transformer.", StringComparison.Ordinal) || k == "lm_head.weight");
        Assert.Equal([c.NEmbd, 3 * c.NEmbd], entries["h.0.attn.c_attn.weight"]); // Conv1D: (in, out)
        Assert.Equal([4 * c.NEmbd, c.NEmbd], entries["h.0.mlp.c_proj.weight"]);
        Assert.Equal([c.VocabSize, c.NEmbd], entries["wte.weight"]);
        Assert.Equal(2 + 12 * c.NLayer + 2, entries.Count);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal("gpt2", config["model_type"]!.GetValue<string>());
        Assert.Equal("gelu", config["activation_function"]!.GetValue<string>()); // nanoGPT's exact GELU, which HF names "gelu"
        Assert.Equal((c.NLayer, c.NHead, c.NEmbd, c.BlockSize, c.VocabSize),
            (config["n_layer"]!.GetValue<int>(), config["n_head"]!.GetValue<int>(), config["n_embd"]!.GetValue<int>(), config["n_positions"]!.GetValue<int>(), config["vocab_size"]!.GetValue<int>()));
        Assert.True(File.Exists(Path.Combine(folder, CheckpointExport.TokenizerFile)));
    }

    [Fact]
    public void TheNanoGptLayoutOfTheGpuProfileHasNanoGptsKeysAndShapes()
    {
        var gpu = Presets.For(Stage.Base, "gpu").Model;
        using var checkpoint = Checkpoint.Load(TrainedRun(gpu with { BlockSize = 64 }), CPU);
        var folder = Path.Combine(TestPaths.NewTempFolder("export-nano"), "out");
        CheckpointExport.Write(checkpoint, CheckpointExport.NanoGptFormat, folder);
        var (entries, _) = Header(Path.Combine(folder, "model.safetensors"));
        // nanoGPT's GPT (model.py) state_dict for this config, written out: its names and (out, in) Linear shapes.
        long C = gpu.NEmbd;
        var expected = new Dictionary<string, long[]> { ["transformer.wte.weight"] = [65, C], ["transformer.wpe.weight"] = [64, C], ["transformer.ln_f.weight"] = [C], ["transformer.ln_f.bias"] = [C], ["lm_head.weight"] = [65, C] };
        for (var i = 0; i < gpu.NLayer; i++)
        {
            var h = $"transformer.h.{i}.";
            foreach (var ln in new[] { "ln_1", "ln_2" }) (expected[h + ln + ".weight"], expected[h + ln + ".bias"]) = ([C], [C]);
            (expected[h + "attn.c_attn.weight"], expected[h + "attn.c_attn.bias"]) = ([3 * C, C], [3 * C]);
            (expected[h + "attn.c_proj.weight"], expected[h + "attn.c_proj.bias"]) = ([C, C], [C]);
            (expected[h + "mlp.c_fc.weight"], expected[h + "mlp.c_fc.bias"]) = ([4 * C, C], [4 * C]);
            (expected[h + "mlp.c_proj.weight"], expected[h + "mlp.c_proj.bias"]) = ([C, 4 * C], [C]);
        }
        Assert.Equal(expected.Keys.Order(), entries.Keys.Order());
        foreach (var (key, shape) in expected) Assert.Equal(shape, entries[key]);
        var args = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, CheckpointExport.ModelArgsFile)))!.AsObject();
        Assert.Equal(["bias", "block_size", "dropout", "n_embd", "n_head", "n_layer", "vocab_size"], args.Select(p => p.Key).Order()); // GPTConfig(**model_args)
        Assert.Equal(gpu.NLayer, args["n_layer"]!.GetValue<int>());
    }

    [Fact]
    public void ExportNeverWritesIntoAFolderThatHoldsFiles()
    {
        using var checkpoint = Checkpoint.Load(TrainedRun(), CPU);
        var folder = TestPaths.NewTempFolder("export-full");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var e = Assert.Throws<GptLabException>(() => CheckpointExport.Write(checkpoint, CheckpointExport.HuggingFace, folder));
        Assert.Contains("not empty", e.Message);
        Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Contains("--format hf or nanogpt", Assert.Throws<GptLabException>(() => CheckpointExport.Write(checkpoint, "onnx", Path.Combine(folder, "x"))).Message);
        // An empty folder is fine, and nothing but the export is left beside it (no staging folder).
        var empty = Path.Combine(TestPaths.NewTempFolder("export-empty"), "out");
        Directory.CreateDirectory(empty);
        CheckpointExport.Write(checkpoint, CheckpointExport.NanoGptFormat, empty);
        Assert.Equal(["out"], Directory.GetFileSystemEntries(Path.GetDirectoryName(empty)!).Select(Path.GetFileName));
    }

    // The safetensors header: tensor name → shape, and the metadata.
    private static (Dictionary<string, long[]> Entries, JsonObject? Metadata) Header(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var header = JsonNode.Parse(bytes.AsSpan(8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes)))!.AsObject();
        var entries = header.Where(p => p.Key != "__metadata__").ToDictionary(p => p.Key, p => p.Value!["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray());
        return (entries, header["__metadata__"] as JsonObject);
    }
}
