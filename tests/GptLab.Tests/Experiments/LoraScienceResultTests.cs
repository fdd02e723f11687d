using GptLab.Experiments.Lab;

namespace GptLab.Tests.Experiments;

/// <summary>
/// What docs/chat.md says of LoRA against fine-tuning every weight (docs/results/lora.json, three seeds in the cpu
/// profile), each check shown to fail on a made-up null result: LoRA answers fewer held-out prompts in every family, and
/// forgets more of the base's text, not less.
/// </summary>
public class LoraScienceResultTests
{
    private static readonly string[] Families = ["arithmetic", "copy", "reverse", "uppercase", "facts", "context"];

    private static ExperimentResult Lora() =>
        Json.ReadFile<ExperimentResult>(Path.Combine(TestPaths.RepoRoot, "docs", "results", "lora.json"), "bash tests/science/run.sh lora");

    // Below zero in every seed.
    private static bool BelowInEverySeed(ExperimentMeasure m) => m.PerSeed is { Count: > 0 } seeds && seeds.All(v => v < 0);

    // Below zero in every seed and across them: the interval over seeds lies under zero.
    private static bool BelowAcrossSeeds(ExperimentMeasure m) => BelowInEverySeed(m) && m.High < 0;

    [Fact]
    public void LoraAnswersFewerHeldOutPromptsInEveryFamilyAndForgetsMoreOfTheBase()
    {
        var lora = Lora();
        // Every family: LoRA − full below zero in every seed; for sums, facts and context also across the seeds.
        Assert.All(Families, f => Assert.True(BelowInEverySeed(lora.Measure($"lora − full: {f}")), f));
        Assert.All(["arithmetic", "facts", "context"], f => Assert.True(BelowAcrossSeeds(lora.Measure($"lora − full: {f}")), f));
        // Copy, reverse and upper-case: three seeds do not pin the gap; its interval across them reaches zero.
        Assert.All(["copy", "reverse", "uppercase"], f => Assert.False(BelowAcrossSeeds(lora.Measure($"lora − full: {f}")), f));
        // Forgetting: with replay the full fine-tuning keeps the base's pretraining loss; LoRA raises it in every seed.
        var (full, adapted) = (lora.Measure("forgetting: full"), lora.Measure("forgetting: lora"));
        Assert.InRange(0.0, full.Low, full.High);
        Assert.True(adapted.Low > 0, $"LoRA's added loss from {adapted.Low:F3}");
        Assert.All(full.PerSeed!.Zip(adapted.PerSeed!), p => Assert.True(p.Second > p.First, $"seed: LoRA {p.Second:F3}, full {p.First:F3}"));
        Assert.True(lora.Measure("trained parameters: lora").Value < lora.Measure("trained parameters: full").Value / 3);
        // And no faster per step at 128 wide: the adapters add matmuls, the backward still runs through every layer.
        Assert.All(lora.Measure("seconds per step: full").PerSeed!.Zip(lora.Measure("seconds per step: lora").PerSeed!), p => Assert.True(p.Second >= p.First, $"LoRA {p.Second:F3} s, full {p.First:F3} s"));
    }

    [Fact]
    public void TheChecksFailWhenLoraMatchesTheFullFineTuning()
    {
        // The null: a gap that changes sign between seeds, and one of zero, are below in no sense.
        var mixed = new ExperimentMeasure("lora − full: copy", -0.02, -0.2, 0.16, "share") { PerSeed = [-0.1, 0.04, 0.0] };
        var none = new ExperimentMeasure("lora − full: copy", 0, 0, 0, "share") { PerSeed = [0.0, 0.0, 0.0] };
        Assert.False(BelowInEverySeed(mixed));
        Assert.False(BelowInEverySeed(none));
        Assert.False(BelowAcrossSeeds(mixed));
        // Below in every seed but not across them (the copy, reverse and upper-case case), and below across them.
        Assert.True(BelowInEverySeed(new ExperimentMeasure("x", -0.14, -0.36, 0.08, "share") { PerSeed = [-0.24, -0.08, -0.1] }));
        Assert.False(BelowAcrossSeeds(new ExperimentMeasure("x", -0.14, -0.36, 0.08, "share") { PerSeed = [-0.24, -0.08, -0.1] }));
        Assert.True(BelowAcrossSeeds(new ExperimentMeasure("x", -0.54, -0.59, -0.49, "share") { PerSeed = [-0.52, -0.56, -0.54] }));
    }
}
