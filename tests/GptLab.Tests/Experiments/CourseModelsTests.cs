using GptLab.Experiments;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

public class CourseModelsTests
{
    [Fact]
    public void TrainsOnceThenLoadsFromItsRunFolder()
    {
        var runs = TestPaths.NewTempFolder("course");
        var previous = Environment.GetEnvironmentVariable("GPTLAB_RUNS");
        Environment.SetEnvironmentVariable("GPTLAB_RUNS", runs);
        try
        {
            var steps = 0;
            using (var first = CourseModels.PretrainedShakespeare("tiny", CPU, _ => steps++))
                Assert.Equal(150, first.Meta.Step);
            Assert.Equal(150, steps);
            Assert.StartsWith(runs, CourseModels.RunFolder("tiny"));
            using var second = CourseModels.PretrainedShakespeare("tiny", CPU, _ => steps++);
            Assert.Equal(150, steps); // loaded, not trained again
            Assert.Equal(65, second.Tokenizer.VocabSize);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GPTLAB_RUNS", previous);
        }
    }
}
