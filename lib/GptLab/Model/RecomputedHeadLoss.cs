using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// The mean cross-entropy of the language-model head at N positions, computed in chunks of positions and never kept:
/// the forward adds up each chunk's loss without gradients, keeping only the hidden states (N, C); the backward computes
/// each chunk's logits again and turns them into the gradients of the hidden states and of the head's weight (softmax −
/// one-hot, divided by N). A plain step keeps the logits, their softmax and their gradient, three (N, vocab) tensors:
/// for GPT-2's 50,257-token vocabulary about 600 KB per target token; this keeps one chunk's at a time.
/// </summary>
internal sealed class RecomputedHeadLoss : autograd.SingleTensorFunction<RecomputedHeadLoss>
{
    /// <summary>Positions per chunk: (256, vocab) logits at a time, 51 MB for GPT-2's vocabulary.</summary>
    public const int Chunk = 256;

    public override string Name => nameof(RecomputedHeadLoss);

    /// <summary>mean over i of −log softmax(hidden[i] · weightᵀ)[ids[i]]: hidden (N, C), weight (vocab, C), ids (N).</summary>
    public static Tensor Apply(Tensor hidden, Tensor weight, Tensor ids) => apply(hidden, weight, ids);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (hidden, weight, ids) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        ctx.save_for_backward([hidden, weight, ids]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var total = zeros(1, dtype: ScalarType.Float64, device: hidden.device);
        foreach (var (start, length) in Chunks(hidden.shape[0]))
        {
            using var chunk = NewDisposeScope();
            var logits = hidden.narrow(0, start, length).matmul(weight.t()); // (K, vocab)
            var picked = logits.gather(1, ids.narrow(0, start, length).unsqueeze(1)).squeeze(1); // (K)
            total.add_((logits.logsumexp(1) - picked).sum().to(ScalarType.Float64));
        }
        return (total / hidden.shape[0]).to(hidden.dtype).squeeze(0).MoveToOuterDisposeScope();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (hidden, weight, ids) = (saved[0], saved[1], saved[2]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scale = grad / hidden.shape[0]; // d(mean)/d(each position's loss)
        var gradHidden = empty_like(hidden);
        var gradWeight = weight.requires_grad ? zeros_like(weight) : null;
        foreach (var (start, length) in Chunks(hidden.shape[0]))
        {
            using var chunk = NewDisposeScope();
            var h = hidden.narrow(0, start, length); // (K, C)
            var dLogits = h.matmul(weight.t()).softmax(1); // (K, vocab): softmax − one-hot is the loss's gradient in the logits
            dLogits.scatter_add_(1, ids.narrow(0, start, length).unsqueeze(1), full(length, 1, -1.0f, device: h.device, dtype: dLogits.dtype));
            dLogits.mul_(scale);
            gradHidden.narrow(0, start, length).copy_(dLogits.matmul(weight)); // (K, C)
            gradWeight?.add_(dLogits.t().matmul(h)); // (vocab, C)
        }
        return [gradHidden.MoveToOuterDisposeScope(), gradWeight?.MoveToOuterDisposeScope()!, null!];
    }

    private static IEnumerable<(long Start, long Length)> Chunks(long count)
    {
        for (long start = 0; start < count; start += Chunk) yield return (start, Math.Min(Chunk, count - start));
    }
}
