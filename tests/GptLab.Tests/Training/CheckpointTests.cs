using TorchSharp.PyBridge;
using GptLab.IO;
using System.Buffers.Binary;
using System.Text.Json;
using GptLab.Tokenization;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

public class CheckpointTests
{
    private static string TrainedRun(int steps = 3)
    {
        var folder = TestPaths.NewTempFolder("ckpt");
        var config = TorchFixture.TinyRun(maxSteps: steps, checkpointInterval: steps);
        using var model = TorchFixture.NewModel(config.Model);
        using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, folder, CPU);
        trainer.Train();
        return folder;
    }

    [Fact]
    public void RoundTripKeepsWeightsTokenizerAndState()
    {
        var folder = TrainedRun();
        using var first = Checkpoint.Load(folder, CPU);
        using var second = Checkpoint.Load(Path.Combine(folder, RunFiles.CheckpointFolder), CPU);
        Assert.Equal(3, first.Meta.Step);
        Assert.Equal("char", first.Meta.Tokenizer);
        Assert.Equal("base", first.Meta.Config.Stage);
        foreach (var (name, tensor) in first.Model.state_dict())
            Assert.True(tensor.allclose(second.Model.state_dict()[name], rtol: 0, atol: 0), name);
        Assert.Equal(TorchFixture.ShakespeareChars.Tokenizer.Encode("O Romeo!"), first.Tokenizer.Encode("O Romeo!"));
        foreach (var file in new[] { RunFiles.Config, RunFiles.Tokenizer, RunFiles.Model, RunFiles.Optimizer, RunFiles.Metrics })
            Assert.True(File.Exists(Path.Combine(first.Folder, file)), file);
    }

    [Fact]
    public void TheTokenizerIsBoundToTheWeights()
    {
        var folder = TrainedRun(2);
        var checkpoint = Path.Combine(folder, RunFiles.CheckpointFolder);
        var tokenizer = Path.Combine(checkpoint, RunFiles.Tokenizer);
        var original = File.ReadAllText(tokenizer);
        // Another character tokenizer of the same size (one character swapped for one Shakespeare never uses): its ids
        // would be other characters to these weights.
        var characters = TorchFixture.ShakespeareChars.Tokenizer.Decode([.. Enumerable.Range(0, 65)]);
        GptLab.Tokenization.CharTokenizer.FromCorpus(characters.Replace('z', '~')).Save(tokenizer);
        Assert.Equal(65, GptLab.Tokenization.TokenizerFile.Load(tokenizer).VocabSize);
        Assert.Contains("not the tokenizer its weights were trained with", Assert.Throws<GptLabException>(() => Checkpoint.Load(folder, CPU)).Message);
        File.WriteAllText(tokenizer, "{ not json");
        var damaged = Assert.Throws<GptLabException>(() => Checkpoint.Load(folder, CPU)).Message;
        Assert.DoesNotContain("gptlab prepare", damaged); // prepare does not repair a checkpoint's tokenizer
        File.WriteAllText(tokenizer, original);
        using var loaded = Checkpoint.Load(folder, CPU); // the right one loads again
        Assert.NotNull(loaded.Meta.TokenizerSha256);
    }

    [Fact]
    public void AClassifiersCheckpointIsRefusedWhereAModelMustWriteText()
    {
        var folder = TrainedRun(2);
        var config = Path.Combine(folder, RunFiles.CheckpointFolder, RunFiles.Config);
        using (var model = Checkpoint.LoadLanguageModel(folder, CPU)) Assert.Equal("base", model.Meta.Config.Stage);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!;
        json["config"]!["stage"] = "classifier"; // what ClassifierStage writes beside a transformer the same shape as a GPT's
        File.WriteAllText(config, json.ToJsonString());
        var error = Assert.Throws<GptLabException>(() => Checkpoint.LoadLanguageModel(folder, CPU));
        Assert.True(error.Message.Contains("is a classifier (stage classifier): it labels texts and writes none"), error.Message);
        using var asItIs = Checkpoint.Load(folder, CPU); // the classifier's own loader still reads it
    }

    [Fact]
    public void NonFiniteWeightsAreRefusedWhenLoaded()
    {
        var folder = TrainedRun(2);
        var weights = Path.Combine(folder, RunFiles.CheckpointFolder, RunFiles.Model);
        using (var loaded = Checkpoint.Load(folder, CPU))
        {
            using (no_grad()) loaded.Model.state_dict()["transformer.h.1.mlp.c_fc.weight"][3, 5] = float.NaN;
            loaded.Model.save_safetensors(weights);
        }
        var error = Assert.Throws<GptLabException>(() => Checkpoint.Load(folder, CPU)).Message;
        Assert.Contains("non-finite weights", error);
        Assert.Contains("transformer.h.1.mlp.c_fc.weight", error);
    }

    [Fact]
    public void SafetensorsHoldsGpt2NamesShapesAndFloat32()
    {
        var folder = TrainedRun();
        var bytes = File.ReadAllBytes(Path.Combine(folder, RunFiles.CheckpointFolder, RunFiles.Model));
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var c = TorchFixture.TinyRun(1).Model;
        var entries = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__").ToDictionary(p => p.Name, p => p.Value);
        long[] Shape(string key) => entries[key].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal([65, c.NEmbd], Shape("transformer.wte.weight"));
        Assert.Equal([c.BlockSize, c.NEmbd], Shape("transformer.wpe.weight"));
        Assert.Equal([3 * c.NEmbd, c.NEmbd], Shape("transformer.h.0.attn.c_attn.weight"));
        Assert.Equal([4 * c.NEmbd], Shape("transformer.h.1.mlp.c_fc.bias"));
        Assert.Equal([65, c.NEmbd], Shape("lm_head.weight"));
        Assert.All(entries.Values, e => Assert.Equal("F32", e.GetProperty("dtype").GetString()));
        var end = entries.Values.Max(e => e.GetProperty("data_offsets")[1].GetInt64());
        Assert.Equal(bytes.Length, 8 + headerLength + end); // offsets cover the data exactly
    }

    [Fact]
    public void AnInterruptedSaveLeavesThePreviousCheckpointWhole()
    {
        var folder = TrainedRun();
        var meta = new CheckpointMeta { Config = TorchFixture.TinyRun(1), Tokenizer = "char", VocabSize = 65, Step = 99 };
        try
        {
            Checkpoint.BeforeSwap = _ => throw new IOException("simulated power cut");
            Assert.Throws<IOException>(() => Checkpoint.Save(folder, meta, _ => { }, null, null));
            Checkpoint.BeforeSwap = _ => throw new IOException("No space left on device", 28);
            var full = Assert.Throws<GptLabException>(() => Checkpoint.Save(folder, meta, _ => { }, null, null));
            Assert.Contains("disk full", full.Message);
            Assert.Contains("intact", full.Message);
        }
        finally
        {
            Checkpoint.BeforeSwap = null;
        }
        using var kept = Checkpoint.Load(folder, CPU);
        Assert.Equal(3, kept.Meta.Step);
        Assert.Equal([RunFiles.CheckpointFolder], Directory.GetDirectories(folder).Select(Path.GetFileName).Where(n => n!.Contains(RunFiles.CheckpointFolder)));
    }

    [Fact]
    public void BrokenOrIncompatibleCheckpointsAreOneLineErrors()
    {
        var folder = TrainedRun();
        var config = Path.Combine(folder, RunFiles.CheckpointFolder, RunFiles.Config);
        var original = File.ReadAllText(config);
        File.WriteAllText(config, original.Replace("\"n_embd\": 64", "\"n_embd\": 128"));
        var incompatible = Assert.Throws<GptLabException>(() => Checkpoint.Load(folder, CPU));
        Assert.Contains("does not fit", incompatible.Message);
        File.WriteAllText(config, "{ not json");
        var unreadable = Assert.Throws<GptLabException>(() => Checkpoint.Load(folder, CPU));
        Assert.Contains("not valid", unreadable.Message);
        var missing = Assert.Throws<GptLabException>(() => Checkpoint.Load(TestPaths.NewTempFolder("none"), CPU));
        Assert.Contains("gptlab pretrain", missing.Message);
    }
}
