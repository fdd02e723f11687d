using System.Text.Json;
using GptLab.IO;
using static TorchSharp.torch;

namespace GptLab.Tests.Cli;

/// <summary><c>gptlab sft --lora R</c> through the real CLI: the base frozen, the adapters in the checkpoint, folded out on export and for the next stage.</summary>
[Trait("Category", TestCategory.Slow)]
[Collection(ChatTinyBaseCollection.Name)]
public class LoraCliTests(ChatTinyBase chatBase)
{
    [Fact]
    public void LoraFineTuningTrainsAdaptersOnAFrozenBase()
    {
        var runs = chatBase.Runs;
        Assert.True(chatBase.Pretrain.ExitCode == 0, chatBase.Pretrain.Stderr);
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sft", "--base", "chat-base", "--name", "wide", "--profile", "tiny", "--lora", "100000"), "lora_rank=100000 must be between 0");

        var tuned = CliRunner.Run(runs, "sft", "--base", "chat-base", "--name", "lora", "--profile", "tiny", "--lora", "4", "--epochs", "0.5", "--json");
        Assert.True(tuned.ExitCode == 0, tuned.Stderr);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "lora", "checkpoint", RunFiles.Config))).RootElement.GetProperty("config");
        Assert.Equal(4, config.GetProperty("model").GetProperty("lora_rank").GetInt32());
        Assert.Equal(4, config.GetProperty("sft").GetProperty("lora_rank").GetInt32());

        using (var scope = NewDisposeScope())
        {
            var baseWeights = SafetensorsFiles.Read(Path.Combine(runs, "chat-base", "checkpoint", RunFiles.Model));
            var loraWeights = SafetensorsFiles.Read(Path.Combine(runs, "lora", "checkpoint", RunFiles.Model));
            Assert.Equal(baseWeights.Keys.Order(), loraWeights.Keys.Where(k => !k.Contains("_lora.", StringComparison.Ordinal)).Order());
            Assert.All(baseWeights, w => Assert.True(w.Value.eq(loraWeights[w.Key]).all().item<bool>(), $"{w.Key} moved: the base must stay frozen"));
            // The adapters trained: B left zero.
            Assert.Contains(loraWeights, w => w.Key.EndsWith("lora_B", StringComparison.Ordinal) && w.Value.abs().max().item<float>() > 0);
        }

        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sft", "--base", "chat-base", "--name", "lora", "--profile", "tiny", "--lora", "8", "--resume"), "sft.lora_rank=8 differs");
        var evaluated = CliRunner.Run(runs, "eval", "--name", "lora", "--json");
        Assert.True(evaluated.ExitCode == 0, evaluated.Stderr);

        var exported = Path.Combine(runs, "lora-hf");
        var export = CliRunner.Run(runs, "export", "--name", "lora", "--format", "hf", "--to", exported);
        Assert.True(export.ExitCode == 0, export.Stderr);
        using (var scope = NewDisposeScope())
            Assert.DoesNotContain(SafetensorsFiles.Read(Path.Combine(exported, RunFiles.Model)).Keys, k => k.Contains("lora", StringComparison.Ordinal));

        // A LoRA run as the next stage's base: its adapters are folded in, and that stage trains plain weights.
        var again = CliRunner.Run(runs, "sft", "--base", "lora", "--name", "after-lora", "--profile", "tiny", "--epochs", "0.1", "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        var next = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "after-lora", "checkpoint", RunFiles.Config))).RootElement.GetProperty("config");
        Assert.False(next.GetProperty("model").TryGetProperty("lora_rank", out _));
    }
}
