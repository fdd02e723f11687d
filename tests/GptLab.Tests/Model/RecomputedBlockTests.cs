using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Model;

/// <summary>
/// Activation recomputation (train.recompute, <c>RecomputedBlock</c>): the same loss and the same gradients as a plain
/// backward pass, dropout included, with adapters as without, and no tensor left behind.
/// </summary>
public class RecomputedBlockTests
{
    private static readonly GptConfig Shape = new() { VocabSize = 40, BlockSize = 12, NLayer = 3, NHead = 2, NEmbd = 32, Dropout = 0.2 };

    // The loss of one batch and every trainable parameter's gradient, with the dropout masks of `seed`.
    private static (float Loss, Dictionary<string, float[]> Grads) Step(Gpt model, bool recompute, long seed)
    {
        using var scope = NewDisposeScope();
        model.train();
        model.RecomputeActivations = recompute;
        foreach (var p in model.parameters()) p.grad = null;
        TorchRuntime.Seed(99);
        var ids = randint(0, Shape.VocabSize, [3, Shape.BlockSize]);
        var targets = randint(0, Shape.VocabSize, [3, Shape.BlockSize]);
        TorchRuntime.Seed(seed);
        var loss = model.Loss(ids, targets);
        loss.backward();
        return (loss.item<float>(), model.named_parameters().Where(p => p.parameter.requires_grad)
            .ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray()));
    }

    private static double MaxDifference(Dictionary<string, float[]> a, Dictionary<string, float[]> b) =>
        a.Max(p => p.Value.Zip(b[p.Key], (x, y) => Math.Abs(x - y)).Max());

    [Fact]
    public void RecomputingGivesThePlainLossAndGradientsWithDropout()
    {
        TorchRuntime.Seed(1);
        using var model = new Gpt(Shape);
        var (plainLoss, plain) = Step(model, recompute: false, seed: 5);
        var (loss, recomputed) = Step(model, recompute: true, seed: 5);

        Assert.Equal(plainLoss, loss);
        Assert.Equal(plain.Keys.Order(), recomputed.Keys.Order()); // every weight got its gradient
        Assert.True(MaxDifference(plain, recomputed) < 1e-6, $"largest gradient difference {MaxDifference(plain, recomputed):g3}");
        // Other dropout masks give other gradients: the equality above needs the first forward's masks drawn again.
        var (_, otherMasks) = Step(model, recompute: true, seed: 6);
        Assert.True(MaxDifference(plain, otherMasks) > 1e-4);
    }

    [Fact]
    public void AdaptersGetThePlainGradientsAndTheFrozenWeightsNone()
    {
        TorchRuntime.Seed(2);
        using var model = new Gpt(Shape with { Dropout = 0 });
        model.AddAdapters(4);
        using (no_grad()) // B starts at zero; move it so that A's gradient is not zero too
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.EndsWith("lora_B", StringComparison.Ordinal))) p.normal_(0, 0.02);
        var (_, plain) = Step(model, recompute: false, seed: 5);
        var (_, recomputed) = Step(model, recompute: true, seed: 5);

        Assert.All(recomputed.Keys, name => Assert.Contains("lora", name, StringComparison.Ordinal));
        Assert.True(MaxDifference(plain, recomputed) < 1e-6, $"largest gradient difference {MaxDifference(plain, recomputed):g3}");
        Assert.All(model.named_parameters().Where(p => !p.parameter.requires_grad), p => Assert.Null(p.parameter.grad));
    }

    [Fact]
    public void NoTensorOutlivesAStepAndEvaluationIsUnchanged()
    {
        TorchRuntime.Seed(3);
        using var model = new Gpt(Shape);
        Step(model, recompute: true, seed: 5);
        var live = Tensor.TotalCount;
        for (var i = 0; i < 3; i++) Step(model, recompute: true, seed: 5 + i);
        Assert.Equal(live, Tensor.TotalCount);

        using var scope = NewDisposeScope();
        model.eval();
        var ids = randint(0, Shape.VocabSize, [2, Shape.BlockSize]);
        var before = model.forward(ids);
        model.RecomputeActivations = false;
        Assert.Equal(0, (model.forward(ids) - before).abs().max().item<float>()); // no training forward: nothing recomputed
    }

    [Fact]
    public void TrainingWithRecomputeLogsThePlainRunsLosses()
    {
        var config = TorchFixture.TinyRun(maxSteps: 12, evalInterval: 6) with { Model = TorchFixture.TinyRun(1).Model with { Dropout = 0.1 } };
        IReadOnlyList<MetricRecord> Train(bool recompute)
        {
            var folder = TestPaths.NewTempFolder(recompute ? "recompute" : "plain");
            var run = config with { Train = config.Train with { Recompute = recompute } };
            using var model = TorchFixture.NewModel(run.Model);
            using var trainer = new Trainer(model, run, TorchFixture.ShakespeareChars, folder, CPU);
            trainer.Train();
            Assert.Equal(recompute, model.RecomputeActivations);
            return MetricsLog.Read(Path.Combine(folder, RunFiles.Metrics));
        }
        var (plain, recomputed) = (Train(false), Train(true));
        Assert.Equal(plain.Select(m => m.Step), recomputed.Select(m => m.Step));
        Assert.All(plain.Zip(recomputed), p => Assert.Equal(p.First.Loss, p.Second.Loss, 5));
        Assert.All(plain.Zip(recomputed), p => Assert.Equal(p.First.ValLoss ?? 0, p.Second.ValLoss ?? 0, 5));
    }
}
