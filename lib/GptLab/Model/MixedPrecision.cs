using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// Explicit mixed precision (TorchSharp has no autocast), following autocast's rules: weights stay fp32 (the master copy
/// the optimizer updates); a matmul casts its input and weights to the compute dtype and its output stays there, so a
/// bf16 activation goes into the next matmul, GELU or attention without a round trip through fp32. The residual stream
/// stays fp32 (fp32 + bf16 promotes to fp32), so LayerNorm sees fp32, as autocast gives it; logits come back in fp32.
/// </summary>
internal static class MixedPrecision
{
    /// <summary>The layer's output for x, with its low-rank <paramref name="adapter"/>'s addition when it has one (<see cref="LoraAdapter"/>).</summary>
    public static Tensor Linear(Linear layer, Tensor x, ScalarType? compute, LoraAdapter? adapter = null)
    {
        if (compute is { } dtype && x.dtype != dtype) x = x.to(dtype);
        var y = compute is { } d
            ? nn.functional.linear(x, layer.weight!.to(d), layer.bias?.to(d)) // the caller's dispose scope collects the casts
            : layer.call(x);
        return adapter is null ? y : y + adapter.Delta(x, compute);
    }

    /// <summary>A head's output (logits, class scores) in fp32, whatever the compute dtype: what the losses and sampling read.</summary>
    public static Tensor Logits(Linear head, Tensor x, ScalarType? compute)
    {
        var y = Linear(head, x, compute);
        return compute is null ? y : y.to(ScalarType.Float32);
    }
}
