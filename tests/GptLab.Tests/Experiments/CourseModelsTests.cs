using GptLab.IO;
using GptLab.Configuration;
using GptLab.Experiments;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

[Trait("Category", TestCategory.Slow)]
public class CourseModelsTests
{
    [Fact]
    public void TrainsOnceThenLoadsFromItsRunFolder()
    {
        var runs = TestPaths.NewTempFolder("course");
        InRunsFolder(runs, () =>
        {
            var steps = 0;
            using (var first = CourseModels.PretrainedShakespeare("tiny", CPU, _ => steps++))
                Assert.Equal(150, first.Meta.Step);
            Assert.Equal(150, steps);
            Assert.StartsWith(runs, CourseModels.ShakespeareRun("tiny").Path);
            using var second = CourseModels.PretrainedShakespeare("tiny", CPU, _ => steps++);
            Assert.Equal(150, steps); // loaded, not trained again
            Assert.Equal(65, second.Tokenizer.VocabSize);

            // The profile's own seed is the course model; another training seed gets a model of its own beside it.
            using var same = CourseModels.PretrainedShakespeare("tiny", CPU, _ => steps++, seed: second.Meta.Config.Train.Seed);
            Assert.Equal(150, steps);
            using var other = CourseModels.PretrainedShakespeare("tiny", CPU, _ => steps++, seed: 5);
            Assert.Equal(300, steps);
            Assert.Equal((5L, CourseModels.ShakespeareRun("tiny").Path + "-seed5"), (other.Meta.Config.Train.Seed, CourseModels.ShakespeareRun("tiny", 5).Path));
            Assert.StartsWith(CourseModels.ShakespeareRun("tiny", 5).Path, other.Folder);
            var (a, b) = (second.Model.state_dict()["transformer.wte.weight"], other.Model.state_dict()["transformer.wte.weight"]);
            Assert.False(a.allclose(b), "a model trained with another seed has the course model's weights");
        });
    }

    [Fact]
    public void PretrainedTrainsAnyConfigIntoTheGivenFolderOnce()
    {
        var folder = Path.Combine(TestPaths.NewTempFolder("backbone"), "ctx16");
        var config = TorchFixture.Tiny with
        {
            Model = TorchFixture.Tiny.Model with { BlockSize = 16, VocabSize = 50 }, // the data's tokenizer sets 65: not a change of settings
            Train = TorchFixture.Tiny.Train with { MaxSteps = 6, EvalInterval = 6, EvalIters = 1, CheckpointInterval = 6 },
        };
        var steps = 0;
        using (var first = CourseModels.Pretrained(RunFolder.At(folder), config, CPU, _ => steps++))
            Assert.Equal((6L, 16, 65), (first.Meta.Step, first.Model.Config.BlockSize, first.Model.Config.VocabSize));
        using (var second = CourseModels.Pretrained(RunFolder.At(folder), config, CPU, _ => steps++))
            Assert.Equal(6, steps); // loaded, not trained again

        // The profile changed since (a longer context): the saved model no longer is the one asked for, so it is trained anew.
        using var longer = CourseModels.Pretrained(RunFolder.At(folder), config with { Model = config.Model with { BlockSize = 24 } }, CPU, _ => steps++);
        Assert.Equal((12, 6L, 24), (steps, longer.Meta.Step, longer.Model.Config.BlockSize));
    }

    // The course models live under GPTLAB_RUNS: point it at a test's own folder, and back afterwards.
    private static void InRunsFolder(string runs, Action body)
    {
        var previous = Environment.GetEnvironmentVariable("GPTLAB_RUNS");
        Environment.SetEnvironmentVariable("GPTLAB_RUNS", runs);
        try
        {
            body();
        }
        finally
        {
            Environment.SetEnvironmentVariable("GPTLAB_RUNS", previous);
        }
    }
}
