using GptLab.Configuration;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

/// <summary>
/// The step that never waits for the device: loss and gradient norm stay tensors until a log, evaluation or checkpoint
/// step reads them. A GPU is where it matters; the CPU runs the same code with <c>ReadEveryStep</c> off.
/// </summary>
public class HostReadTests
{
    private static RunConfig Run(int maxSteps, int logInterval, int checkpointInterval = 1000)
    {
        var config = TorchFixture.TinyRun(maxSteps, checkpointInterval: checkpointInterval);
        return config with { Train = config.Train with { LogInterval = logInterval } };
    }

    [Fact]
    public void DeferredReadsLogTheSameMetricsAndReadOnlyAtLogSteps()
    {
        var config = Run(maxSteps: 12, logInterval: 4);
        IReadOnlyList<MetricRecord> Train(bool readEveryStep, out int reads, out double lossAtStep5)
        {
            using var model = TorchFixture.NewModel(config.Model);
            var folder = TestPaths.NewTempFolder("reads");
            using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, folder, CPU) { ReadEveryStep = readEveryStep };
            var at5 = 0.0;
            trainer.StepCompleted += p => { if (p.Step == 5) at5 = p.Metric.Loss; };
            trainer.Train();
            (reads, lossAtStep5) = (trainer.HostReads, at5);
            return MetricsLog.Read(trainer.MetricsPath);
        }
        var everyStep = Train(readEveryStep: true, out var readsEveryStep, out var everyStepAt5);
        var deferred = Train(readEveryStep: false, out var readsDeferred, out var deferredAt5);

        Assert.Equal(everyStep.Select(m => (m.Step, m.Loss, m.GradNorm, m.ValLoss)), deferred.Select(m => (m.Step, m.Loss, m.GradNorm, m.ValLoss)));
        Assert.Equal([0, 4, 8, 12], deferred.Select(m => m.Step));
        Assert.Equal((12, 3), (readsEveryStep, readsDeferred)); // steps 4, 8 and 12 (the last, which also saves)
        Assert.True(double.IsFinite(everyStepAt5));
        Assert.True(double.IsNaN(deferredAt5), "step 5 is not a log step: its loss should not have been read");
    }

    [Fact]
    public void ANanFoundAtADeferredReadStopsBeforeItIsSaved()
    {
        var config = Run(maxSteps: 10, logInterval: 8, checkpointInterval: 4); // reads at 4 (saves), 8, 10
        using var model = TorchFixture.NewModel(config.Model);
        var folder = TestPaths.NewTempFolder("nan-deferred");
        using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, folder, CPU) { ReadEveryStep = false };
        trainer.StepCompleted += p => { if (p.Step == 1) using (no_grad()) model.state_dict()["transformer.wte.weight"][0, 0] = float.NaN; };
        var e = Assert.Throws<GptLabException>(() => trainer.Train());
        Assert.Contains("at step 4", e.Message); // the first read after the NaN, before step 4's checkpoint
        Assert.Contains("no checkpoint was written", e.Message);
        Assert.Null(Checkpoint.Locate(folder));
    }

    [Fact]
    public void ClippingOnTheDeviceEqualsLibtorchsClipGradNorm()
    {
        double[] Clip(bool ours, double maxNorm, out float[] grads)
        {
            using var model = TorchFixture.NewModel(TorchFixture.SmallConfig());
            var parameters = model.DistinctParameters().Select(p => p.Parameter).ToList();
            using (var scope = NewDisposeScope())
            {
                var ids = TorchFixture.Ids(1, 2, 3, 4, 5, 6, 7, 8);
                model.Loss(ids, TorchFixture.Ids(2, 3, 4, 5, 6, 7, 8, 9)).backward();
            }
            double norm;
            if (ours)
                using (var total = GradientClipping.ClipByTotalNorm(parameters, maxNorm)) norm = total.item<float>();
            else norm = nn.utils.clip_grad_norm_(parameters, maxNorm);
            grads = [.. parameters.SelectMany(p => { using var g = p.grad!.flatten(); return g.data<float>().ToArray(); })];
            return [norm];
        }
        foreach (var maxNorm in new[] { 0.05, 1e9 }) // clipped, and a bound no norm reaches
        {
            var libtorch = Clip(ours: false, maxNorm, out var libtorchGrads);
            var ours = Clip(ours: true, maxNorm, out var ourGrads);
            Assert.Equal(libtorch, ours);
            Assert.Equal(libtorchGrads, ourGrads); // bit for bit: the same operations
        }
    }

    [Fact]
    public void GradClipZeroMeansABoundNoNormReachesAndAPositiveOneIsTheBound()
    {
        Assert.Equal(float.MaxValue, GradientClipping.Bound(0));
        Assert.Equal(1.0, GradientClipping.Bound(1.0));
    }
}
