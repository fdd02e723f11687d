using GptLab.Benchmarks;
using static TorchSharp.torch;

namespace GptLab.Tests.Benchmarks;

public class StepPhasesTests
{
    [Fact]
    public void EveryPhaseIsTimedTheModelTrainsAndNoTensorIsLeft()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig());
        var train = TorchFixture.TinyRun(maxSteps: 4).Train with { BatchSize = 4 };
        var tokens = TorchFixture.ShakespeareChars.Train;
        using var before = model.DistinctParameters()[0].Parameter.detach().clone();
        var tensors = TorchFixture.SettledTensorCount();

        var phases = StepPhases.Measure(model, train, tokens, CPU, steps: 4);

        Assert.Equal(tensors, TorchFixture.SettledTensorCount());
        foreach (var ms in new[] { phases.DataMs, phases.ForwardMs, phases.BackwardMs, phases.ClipMs, phases.OptimizerMs })
            Assert.True(ms > 0 && double.IsFinite(ms), $"{phases}");
        Assert.Equal(phases.DataMs + phases.ForwardMs + phases.BackwardMs + phases.ClipMs + phases.OptimizerMs, phases.TotalMs, 9);
        Assert.False(before.allclose(model.DistinctParameters()[0].Parameter, rtol: 0, atol: 0), "AdamW's step did not change the weights");
        Assert.Throws<GptLabException>(() => StepPhases.Measure(model, train, tokens, CPU, steps: 1));
    }

    [Fact]
    public void UtilisationIsThePhasesShareOfTheFlopsOverItsTimeAgainstThePeak()
    {
        // 3 MFLOP per token × 1,000 tokens: the forward's 1 GFLOP in 10 ms and the backward's 2 in 20 ms are 100 GFLOP/s each.
        var phases = new StepPhases(DataMs: 1, ForwardMs: 10, BackwardMs: 20, ClipMs: 1, OptimizerMs: 2);
        Assert.Equal(0.5, phases.ForwardUtilisation(3e6, 1000, peakGflops: 200), 9);
        Assert.Equal(0.5, phases.BackwardUtilisation(3e6, 1000, peakGflops: 200), 9);
    }
}
