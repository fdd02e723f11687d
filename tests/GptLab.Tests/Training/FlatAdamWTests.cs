using GptLab.Configuration;
using GptLab.Model;
using GptLab.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

public class FlatAdamWTests
{
    private static readonly TrainConfig Settings = new() { LearningRate = 3e-3, WeightDecay = 0.1 };

    [Fact]
    public void StepsGiveTorchSharpsAdamWWeightsBitForBit()
    {
        using var plain = TorchFixture.NewModel(TorchFixture.SmallConfig());
        using var flat = TorchFixture.NewModel(TorchFixture.SmallConfig());
        using var reference = AdamWGroups.Create(plain, Settings);
        using var optimizer = new FlatAdamW(flat.DistinctParameters(), Settings);
        var before = Weights(flat);
        for (var step = 0; step < 5; step++)
        {
            var lr = Settings.LearningRate * (1 - step / 10.0);
            reference.zero_grad();
            Backward(plain, step);
            foreach (var group in reference.ParamGroups) group.LearningRate = lr;
            reference.step();
            optimizer.ZeroGrad();
            Backward(flat, step);
            optimizer.Step(lr);
        }
        Assert.Equal(Weights(plain), Weights(flat));
        Assert.NotEqual(before, Weights(flat)); // the null: the steps moved the weights
        Assert.Equal(5, optimizer.Steps);
    }

    [Fact]
    public void TheTiedEmbeddingAndHeadStayOneMatrix()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig());
        using var optimizer = new FlatAdamW(model.DistinctParameters(), Settings);
        optimizer.ZeroGrad();
        Backward(model, 0);
        optimizer.Step(Settings.LearningRate);
        var state = model.state_dict();
        Assert.True(state["lm_head.weight"].equal(state["transformer.wte.weight"]).all().item<bool>());
        using (no_grad()) state["transformer.wte.weight"].add_(1.0f); // written through one name, read through the other
        Assert.True(state["lm_head.weight"].equal(state["transformer.wte.weight"]).all().item<bool>());
    }

    [Fact]
    public void ClippingTheBufferMatchesClipGradNorm()
    {
        foreach (var maxNorm in new[] { 0.05, 1e9 }) // clipped, and a bound no norm reaches
        {
            using var plain = TorchFixture.NewModel(TorchFixture.SmallConfig());
            using var flat = TorchFixture.NewModel(TorchFixture.SmallConfig());
            using var optimizer = new FlatAdamW(flat.DistinctParameters(), Settings);
            Backward(plain, 0);
            optimizer.ZeroGrad();
            Backward(flat, 0);
            var expected = nn.utils.clip_grad_norm_(Parameters(plain), maxNorm);
            using var norm = optimizer.ClipGradients(maxNorm);
            Assert.Equal(expected, norm.item<float>(), 1e-6 * expected);
            var (a, b) = (Gradients(plain), Gradients(flat));
            Assert.All(a.Zip(b), p => Assert.Equal(p.First, p.Second, 1e-6f + 1e-5f * Math.Abs(p.First)));
            Assert.Contains(b, g => g != 0); // the gradients reached the buffer
        }
    }

    [Fact]
    public void StateFilesResumeAcrossBothOptimizers()
    {
        var folder = TestPaths.NewTempFolder("flat-adamw");
        // Three steps with TorchSharp's AdamW, saved; two more in each optimizer from that file, which must agree.
        using var first = TorchFixture.NewModel(TorchFixture.SmallConfig());
        using (var reference = AdamWGroups.Create(first, Settings))
        {
            for (var step = 0; step < 3; step++) { reference.zero_grad(); Backward(first, step); reference.step(); }
            reference.save_state_dict(Path.Combine(folder, "plain.bin"));
        }
        using var plain = Copy(first);
        using var flat = Copy(first);
        using (var reference = AdamWGroups.Create(plain, Settings))
        using (var optimizer = new FlatAdamW(flat.DistinctParameters(), Settings))
        {
            reference.load_state_dict(Path.Combine(folder, "plain.bin"));
            optimizer.Load(Path.Combine(folder, "plain.bin"));
            Assert.Equal(3, optimizer.Steps);
            for (var step = 3; step < 5; step++)
            {
                reference.zero_grad(); Backward(plain, step); reference.step();
                optimizer.ZeroGrad(); Backward(flat, step); optimizer.Step(Settings.LearningRate);
            }
            Assert.Equal(Weights(plain), Weights(flat));
            optimizer.Optimizer.save_state_dict(Path.Combine(folder, "flat.bin"));
        }
        // ... and the flat optimizer's file loads into TorchSharp's AdamW with the same moments.
        using var back = Copy(flat);
        using var loaded = AdamWGroups.Create(back, Settings);
        loaded.load_state_dict(Path.Combine(folder, "flat.bin"));
        var states = loaded.state_dict().State.Cast<AdamW.State>().ToList();
        Assert.All(states, s => Assert.Equal(5, s.step));
        Assert.Contains(states, s => s.exp_avg.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void StepsLeaveNoTensorBehind()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig());
        using var optimizer = new FlatAdamW(model.DistinctParameters(), Settings);
        optimizer.ZeroGrad(); Backward(model, 0); optimizer.Step(Settings.LearningRate); // warm
        var before = TorchFixture.SettledTensorCount();
        for (var step = 1; step < 4; step++)
        {
            optimizer.ZeroGrad();
            Backward(model, step);
            optimizer.ClipGradients(1.0).Dispose();
            optimizer.Step(Settings.LearningRate);
        }
        Assert.Equal(before, TorchFixture.SettledTensorCount());
    }

    // A loss on a fixed batch that depends on the step, and its backward pass.
    private static void Backward(Gpt model, int step)
    {
        using var scope = NewDisposeScope();
        var ids = Enumerable.Range(0, 17).Select(i => (long)((i * 7 + step * 3) % 65)).ToArray();
        model.Loss(TorchFixture.Ids(ids[..^1]), TorchFixture.Ids(ids[1..])).backward();
    }

    private static List<Parameter> Parameters(Gpt model) => [.. model.DistinctParameters().Select(p => p.Parameter)];

    private static float[] Weights(Gpt model) =>
        [.. Parameters(model).SelectMany(p => { using var w = p.detach().flatten(); return w.data<float>().ToArray(); })];

    private static float[] Gradients(Gpt model) =>
        [.. Parameters(model).SelectMany(p => { using var g = p.grad!.flatten(); return g.data<float>().ToArray(); })];

    private static Gpt Copy(Gpt source)
    {
        var copy = TorchFixture.NewModel(TorchFixture.SmallConfig(), seed: 99);
        copy.load_state_dict(source.state_dict());
        return copy;
    }
}
