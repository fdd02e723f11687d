using GptLab.Experiments;
using GptLab.Training;
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

    [Fact]
    public void PretrainedTrainsAnyConfigIntoTheGivenFolderOnce()
    {
        var folder = Path.Combine(TestPaths.NewTempFolder("backbone"), "ctx16");
        var config = TorchFixture.Tiny with
        {
            Model = TorchFixture.Tiny.Model with { BlockSize = 16 },
            Train = TorchFixture.Tiny.Train with { MaxSteps = 6, EvalInterval = 6, EvalIters = 1, CheckpointInterval = 6 },
        };
        var steps = 0;
        using (var first = CourseModels.Pretrained(folder, config, CPU, _ => steps++))
            Assert.Equal((6L, 16), (first.Meta.Step, first.Model.Config.BlockSize));
        using var second = CourseModels.Pretrained(folder, config, CPU, _ => steps++);
        Assert.Equal(6, steps); // loaded, not trained again
    }
}
