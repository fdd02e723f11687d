using GptLab.Model;
using static TorchSharp.torch;

namespace GptLab.Tests.Model;

/// <summary>
/// The head's loss computed in chunks and again in the backward pass (<c>RecomputedHeadLoss</c>, part of train.recompute):
/// the loss and the gradients of the hidden states and of the head's weight that a plain cross-entropy gives, over more
/// positions than one chunk holds, and no tensor left behind.
/// </summary>
public class RecomputedHeadLossTests
{
    private const int Positions = 2 * RecomputedHeadLoss.Chunk + 88; // three chunks, the last one short

    private static (float Loss, float[] Hidden, float[]? Weight) LossAndGrads(bool recomputed, bool weightTrains)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var hidden = randn(Positions, 16).requires_grad_(true);
        var weight = (randn(50, 16) * 0.5).requires_grad_(weightTrains);
        var ids = randint(0, 50, [Positions]);
        var loss = recomputed ? RecomputedHeadLoss.Apply(hidden, weight, ids) : nn.functional.cross_entropy(hidden.matmul(weight.t()), ids);
        loss.backward();
        return (loss.item<float>(), hidden.grad!.data<float>().ToArray(), weightTrains ? weight.grad!.data<float>().ToArray() : null);
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Max();

    [Fact]
    public void ChunksGiveThePlainLossAndGradients()
    {
        var (plainLoss, plainHidden, plainWeight) = LossAndGrads(recomputed: false, weightTrains: true);
        var (loss, hidden, weight) = LossAndGrads(recomputed: true, weightTrains: true);
        Assert.Equal(plainLoss, loss, 5);
        Assert.True(MaxDifference(plainHidden, hidden) < 1e-6, $"hidden states' gradients differ by {MaxDifference(plainHidden, hidden):g3}");
        Assert.True(MaxDifference(plainWeight!, weight!) < 1e-5, $"weight gradients differ by {MaxDifference(plainWeight!, weight!):g3}");
        Assert.True(plainHidden.Max(Math.Abs) > 1e-4); // gradients worth comparing
    }

    [Fact]
    public void AFrozenHeadGetsNoGradientAndNoTensorOutlivesTheStep()
    {
        var (_, plainHidden, _) = LossAndGrads(recomputed: false, weightTrains: false);
        LossAndGrads(recomputed: true, weightTrains: false);
        var live = Tensor.TotalCount;
        var (_, hidden, weight) = LossAndGrads(recomputed: true, weightTrains: false);
        Assert.Equal(live, Tensor.TotalCount);
        Assert.Null(weight);
        Assert.True(MaxDifference(plainHidden, hidden) < 1e-6);
    }
}
