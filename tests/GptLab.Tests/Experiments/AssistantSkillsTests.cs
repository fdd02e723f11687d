using GptLab.Data.Tasks;
using GptLab.Experiments.Knowledge;
using GptLab.Experiments.Lab;
using GptLab.Stages;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The assistant experiment: each seed pretrains and fine-tunes its own assistant on a fresh split, and every family's
/// test score stands beside its baselines. Its cpu numbers are asserted by <see cref="ScienceResultTests"/> on the
/// science suite's result file.
/// </summary>
public class AssistantSkillsTests
{
    [Fact]
    public void EachSeedTrainsWithItsOwnSeedsAndDrawsAFreshTestSplitThatMidTrainingHeldOut()
    {
        var folder = TestPaths.NewTempFolder("assistant-recipe");
        var (base1, sft1) = AssistantSkills.Recipe(new ExperimentContext("cpu", 1, CPU, folder));
        var (base2, sft2) = AssistantSkills.Recipe(new ExperimentContext("cpu", 2, CPU, folder));
        Assert.Equal((1L, 1L, 1, 1), (base1.Train.Seed, sft1.Train.Seed, base1.Data.Instructions!.DataSeed, sft1.Sft!.DataSeed));
        Assert.Equal((2L, 2L, 2, 2), (base2.Train.Seed, sft2.Train.Seed, base2.Data.Instructions!.DataSeed, sft2.Sft!.DataSeed));
        static HashSet<string> Facts(GptLab.Configuration.SftConfig sft) =>
            [.. SupervisedStage.InstructionData(sft).Test.Where(e => e.Family == ChatFamily.Facts).Select(e => e.Reference)];
        var (facts1, facts2) = (Facts(sft1.Sft!), Facts(sft2.Sft!));
        Assert.True(facts1.Intersect(facts2).Count() < facts1.Count / 2, $"{facts1.Intersect(facts2).Count()} of {facts1.Count} test facts shared by two seeds");
    }

    [Fact]
    [Trait("Category", TestCategory.Slow)]
    public void ATinyRunScoresEveryFamilyBesideItsBaselinesAndTheBaseBesideTheAssistant()
    {
        var context = new ExperimentContext("tiny", 7, CPU, TestPaths.NewTempFolder("assistant-tiny"));
        var result = new AssistantSkills().Run(context);

        Assert.True(result.EveryMeasureIsInsideItsInterval());
        foreach (var family in new[] { ChatFamily.Arithmetic, ChatFamily.Copy, ChatFamily.Facts, ChatFamily.Unknown, ChatFamily.Context })
        {
            result.Measure($"test: {family}");
            result.Measure($"validation: {family}");
            result.Measure($"majority: {family}");
        }
        Assert.Equal(1.0, result.Measure("majority: unknown").Value); // one fixed answer, by construction
        Assert.InRange(result.Measure("chance: facts").Value, 1.0 / 12, 1.0 / 10);
        Assert.InRange(result.Measure("chance: arithmetic").Value, 1.0 / 41, 1.0 / 21);
        Assert.Equal(result.Measure("majority: facts").Value, result.Baseline.Value);
        // The tiny base never saw a chat turn; fine-tuning teaches it to close one.
        Assert.True(result.Measure("test: well-formed answers").Value > 0.5, $"{result.Measure("test: well-formed answers").Value:P0} well-formed");
        Assert.True(result.Measure("forgetting: pretraining val loss after fine-tuning").Value > 0);
        Assert.True(Directory.Exists(Path.Combine(context.Folder, "base", "checkpoint")) && Directory.Exists(Path.Combine(context.Folder, "sft", "checkpoint")));
    }
}
