using System.Text.Json;
using GptLab.IO;
using static TorchSharp.torch;

namespace GptLab.Tests.Cli;

/// <summary><c>gptlab sft --lora R</c> (and dpo, rl) through the real CLI: the base frozen, the adapters in the checkpoint, folded out on export and for the next stage.</summary>
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
        Assert.Equal(4, config.GetProperty("train").GetProperty("lora_rank").GetInt32());

        AssertAdaptersTrainedOnAFrozenBase(runs, "chat-base", "lora");

        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sft", "--base", "chat-base", "--name", "lora", "--profile", "tiny", "--lora", "8", "--resume"), "train.lora_rank=8 differs");
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

        // DPO and RL take adapters too: the SFT weights frozen, the adapters tuned.
        var dpo = CliRunner.Run(runs, "dpo", "--base", "after-lora", "--name", "dpo-lora", "--profile", "tiny", "--lora", "2", "--json");
        Assert.True(dpo.ExitCode == 0, dpo.Stderr);
        AssertAdaptersTrainedOnAFrozenBase(runs, "after-lora", "dpo-lora");
        var rl = CliRunner.Run(runs, "rl", "--base", "after-lora", "--name", "rl-lora", "--profile", "tiny", "--lora", "2", "--print-config"); // RL loads its policy as DPO does
        Assert.True(rl.ExitCode == 0, rl.Stderr);
        Assert.Equal(2, JsonDocument.Parse(rl.Stdout).RootElement.GetProperty("train").GetProperty("lora_rank").GetInt32());
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "dpo", "--base", "after-lora", "--name", "dpo-lora", "--profile", "tiny", "--lora", "4", "--resume"), "train.lora_rank=4 differs");
    }

    // Every weight of the starting run unchanged in the tuned run's checkpoint, beside adapters whose B left zero.
    private static void AssertAdaptersTrainedOnAFrozenBase(string runs, string from, string tuned)
    {
        using var scope = NewDisposeScope();
        var start = SafetensorsFiles.Read(Path.Combine(runs, from, "checkpoint", RunFiles.Model));
        var weights = SafetensorsFiles.Read(Path.Combine(runs, tuned, "checkpoint", RunFiles.Model));
        Assert.Equal(start.Keys.Order(), weights.Keys.Where(k => !k.Contains("_lora.", StringComparison.Ordinal)).Order());
        Assert.All(start, w => Assert.True(w.Value.eq(weights[w.Key]).all().item<bool>(), $"{w.Key} moved in {tuned}: the weights it starts from must stay frozen"));
        Assert.Contains(weights, w => w.Key.EndsWith("lora_B", StringComparison.Ordinal) && w.Value.abs().max().item<float>() > 0);
        var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, tuned, "checkpoint", RunFiles.Config))).RootElement.GetProperty("config").GetProperty("model");
        Assert.True(model.GetProperty("lora_rank").GetInt32() > 0, $"{tuned}'s model section names no adapters");
    }
}
