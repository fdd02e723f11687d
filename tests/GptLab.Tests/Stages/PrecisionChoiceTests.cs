using GptLab.Configuration;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Stages;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Stages;

/// <summary>dtype auto: bf16 only when it measured faster by the margin, settled before the run's config is saved.</summary>
public class PrecisionChoiceTests
{
    [Fact]
    public void Bf16IsChosenOnlyWhenItsStepMeasuredFasterByTheMargin()
    {
        var faster = PrecisionChoice.FromTimings(fp32Seconds: 1.0, bf16Seconds: 0.5, "a test CPU");
        Assert.Equal(Precision.BFloat16, faster.Dtype);
        Assert.Contains("500 ms in bf16 against 1,000 ms in fp32 (2.00×) on a test CPU", faster.Reason);
        // The null: bf16 no faster, or faster within a step's noise, keeps fp32.
        Assert.Equal(Precision.Float32, PrecisionChoice.FromTimings(1.0, 1.0, "a test CPU").Dtype);
        Assert.Equal(Precision.Float32, PrecisionChoice.FromTimings(1.0, 0.95, "a test CPU").Dtype);
        Assert.Equal(Precision.Float32, PrecisionChoice.FromTimings(1.0, 2.0, "a test CPU").Dtype);
        Assert.Contains("under the 1.1×", PrecisionChoice.FromTimings(1.0, 0.95, "a test CPU").Reason);
    }

    [Fact]
    public void AnAutoRunSavesThePrecisionItMeasuredAndTrainsAsARunAskingForItWould()
    {
        var folder = TestPaths.NewTempFolder("dtype-auto");
        var settings = TorchFixture.TinyRun(maxSteps: 3, evalInterval: 3, checkpointInterval: 3);
        TrainResult auto;
        string chosen;
        using (var stage = PretrainingStage.Open(RunFolder.At(Path.Combine(folder, "auto")), SettingsRequest.For(settings with { Dtype = Precision.Auto }), CPU))
        {
            var choice = Assert.IsType<PrecisionChoice>(stage.DtypeChoice);
            Assert.Contains(choice.Dtype, Precision.All);
            Assert.Equal(choice.Dtype, stage.Config.Dtype);
            Assert.Equal(choice.Dtype, stage.Model.Dtype);
            chosen = choice.Dtype;
            auto = stage.Train();
        }
        Assert.Equal(chosen, CheckpointMeta.Read(Path.Combine(folder, "auto", RunFiles.CheckpointFolder, RunFiles.Config)).Config.Dtype); // never "auto" on disk

        // The probe leaves no trace in the run: the same losses as asking for that dtype.
        using (var stage = PretrainingStage.Open(RunFolder.At(Path.Combine(folder, "asked")), SettingsRequest.For(settings with { Dtype = chosen }), CPU))
        {
            Assert.Null(stage.DtypeChoice);
            var asked = stage.Train();
            Assert.Equal(asked.Evaluations.Select(e => e.ValLoss), auto.Evaluations.Select(e => e.ValLoss));
        }
        Assert.Contains("its stage settles", Assert.Throws<GptLabException>(() => new Gpt(settings.Model, Precision.Auto)).Message);
    }

    [Fact]
    public void TheProbeLeavesTheGlobalGeneratorWhereItWas()
    {
        var settings = TorchFixture.TinyRun(maxSteps: 3, evalInterval: 3, checkpointInterval: 3);
        TorchRuntime.Seed(5);
        _ = PrecisionChoice.For(settings.Model, settings.Train, CPU); // draws random weights and ids where the CPU has bf16
        using var after = rand(4);
        TorchRuntime.Seed(5);
        using var untouched = rand(4);
        Assert.True(after.allclose(untouched, rtol: 0, atol: 0), "the probe moved the generator: a run's initialisation would depend on dtype auto");
    }
}
