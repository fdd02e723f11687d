using GptLab.Configuration;
using GptLab.Experiments.Knowledge;

namespace GptLab.Tests.Cli;

/// <summary>
/// <c>gptlab experiment lora</c> in the tiny profile, on the shared chat-tiny base copied in as the course's chat base:
/// the course assistant and a LoRA fine-tuning of the same base, both asked the same test prompts.
/// </summary>
[Trait("Category", TestCategory.Slow)]
[Collection(ChatTinyBaseCollection.Name)]
public class LoraExperimentCliTests(ChatTinyBase chatBase)
{
    [Fact]
    public void TheLoraExperimentFineTunesTheCourseBaseBothWaysAndPairsTheirAnswers()
    {
        var (runs, _, measures) = chatBase.ExperimentOnCourseBase("lora"); // every measure inside its interval
        double Value(string name) => measures[name].GetProperty("value").GetDouble();
        foreach (var family in new[] { "copy", "reverse", "uppercase" })
        {
            Assert.All(LoraAgainstFull.Arms, arm => Assert.True(measures.ContainsKey($"{arm}: {family}"), $"{arm}: {family}"));
            Assert.Equal(Value($"lora: {family}") - Value($"full: {family}"), Value($"lora − full: {family}"), 9); // paired by prompt: the same prompts in both arms
        }
        Assert.True(Value("trained parameters: lora") < Value("trained parameters: full") / 5, "LoRA trained as many numbers as the full fine-tuning");
        Assert.All(LoraAgainstFull.Arms, arm => Assert.True(Value($"seconds per step: {arm}") > 0, arm));
        Assert.True(Directory.Exists(Path.Combine(runs, "course-assistant-tiny", "checkpoint")), "the full arm is the course assistant");
        var adapted = File.ReadAllText(Path.Combine(runs, "experiments", "lora", "lora", "checkpoint", "config.json"));
        Assert.Contains($"\"lora_rank\": {LoraAgainstFull.RankFor(Presets.For(Stage.Base, "chat-tiny").Model.NEmbd)}", adapted); // a quarter of the tiny base's width
    }
}
