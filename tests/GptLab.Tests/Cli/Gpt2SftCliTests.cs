using System.Text.Json;
using GptLab.IO;
using GptLab.Tests.Interop;
using static TorchSharp.torch;

namespace GptLab.Tests.Cli;

[Trait("Category", TestCategory.Slow)]
public class Gpt2SftCliTests
{
    [Fact]
    public void AnImportedGpt2IsFineTunedWithTheChatTokensAddedAndEvaluated()
    {
        var runs = TestPaths.NewTempFolder("gpt2-sft");
        var source = new Gpt2Folder(Path.Combine(runs, "hub-gpt2"), layers: 1, positions: 128, gpt2Vocabulary: true);
        Assert.True(CliRunner.Run(runs, "import", "gpt2", "--from", source.Folder, "--name", "g").ExitCode == 0);

        // A few conversations per family: the test is about the vocabulary's plumbing; the 50,260-wide head makes steps slow.
        var small = Path.Combine(runs, "small.json");
        File.WriteAllText(small, """{ "sft": { "train_per_family": 16, "validation_per_family": 2, "test_per_family": 2 } }""");
        // Replay needs the base's own pretraining text, which an imported model does not have here.
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sft", "--base", "g", "--name", "c", "--profile", "tiny", "--config", small, "--replay", "5"), "--replay 0");

        var sft = CliRunner.Run(runs, "sft", "--base", "g", "--name", "c", "--profile", "tiny", "--config", small, "--replay", "0", "--json");
        Assert.True(sft.ExitCode == 0, sft.Stderr);
        var tokenizer = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "c", "checkpoint", "tokenizer.json"))).RootElement;
        Assert.Equal(["<|user|>", "<|assistant|>", "<|end|>"], tokenizer.GetProperty("addedSpecialTokens").EnumerateArray().Select(t => t.GetString()));
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "c", "checkpoint", "config.json"))).RootElement;
        Assert.Equal(50260, config.GetProperty("config").GetProperty("model").GetProperty("vocab_size").GetInt32());
        Assert.Equal(50257, JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "g", "checkpoint", "config.json"))).RootElement.GetProperty("vocab_size").GetInt32()); // the base is untouched

        var eval = CliRunner.Run(runs, "eval", "--name", "c", "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var report = JsonDocument.Parse(eval.LastLine).RootElement;
        Assert.Equal(JsonValueKind.Object, report.GetProperty("earlier").GetProperty("base").ValueKind); // the base answered, through the same added tokens
        Assert.Equal(JsonValueKind.Null, report.GetProperty("forgetting").ValueKind); // no pretraining text to measure it on
        Assert.InRange(report.GetProperty("format_adherence").GetDouble(), 0, 1);

        // With LoRA the base's embedding stays frozen too: only the three added rows train, as a delta, folded in on export.
        var lora = CliRunner.Run(runs, "sft", "--base", "g", "--name", "l", "--profile", "tiny", "--config", small, "--replay", "0", "--lora", "2", "--json");
        Assert.True(lora.ExitCode == 0, lora.Stderr);
        var loraModel = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "l", "checkpoint", "config.json"))).RootElement.GetProperty("config").GetProperty("model");
        Assert.Equal(3, loraModel.GetProperty("lora_token_rows").GetInt32());
        Assert.True(CliRunner.Run(runs, "export", "--name", "l", "--format", "hf", "--to", Path.Combine(runs, "l-hf")).ExitCode == 0);
        using var scope = NewDisposeScope();
        var start = SafetensorsFiles.Read(Path.Combine(runs, "g", "checkpoint", RunFiles.Model))["transformer.wte.weight"];
        var tuned = SafetensorsFiles.Read(Path.Combine(runs, "l", "checkpoint", RunFiles.Model));
        var (embedding, rows) = (tuned["transformer.wte.weight"], tuned["transformer.wte_lora.rows"]);
        Assert.True(embedding[..50257].eq(start).all().item<bool>(), "the frozen embedding moved");
        Assert.True(rows.abs().max().item<float>() > 0, "the added rows did not train");
        var exported = SafetensorsFiles.Read(Path.Combine(runs, "l-hf", RunFiles.Model)).Single(w => w.Key.EndsWith("wte.weight", StringComparison.Ordinal)).Value;
        Assert.Equal([50260L, 16], exported.shape);
        Assert.True(exported[50257..].allclose(embedding[50257..] + rows, rtol: 0, atol: 1e-6), "the export did not fold the added rows in");
    }

    [Fact]
    public void AnImportedGpt2TrainsAClassifierHeadOnItsFeatures()
    {
        var runs = TestPaths.NewTempFolder("gpt2-classify");
        var source = new Gpt2Folder(Path.Combine(runs, "hub-gpt2"), layers: 1, positions: 64, gpt2Vocabulary: true);
        Assert.True(CliRunner.Run(runs, "import", "gpt2", "--from", source.Folder, "--name", "g").ExitCode == 0);
        var classified = CliRunner.Run(runs, "classify", "--base", "g", "--name", "k", "--profile", "tiny", "--head-only", "--steps", "20", "--json");
        Assert.True(classified.ExitCode == 0, classified.Stderr);
        Assert.True(File.Exists(Path.Combine(runs, "k", "checkpoint", "classifier.safetensors")));
    }
}
