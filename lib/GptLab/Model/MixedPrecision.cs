using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// Explicit mixed precision (TorchSharp has no autocast): weights stay fp32 (the master copy the optimizer
/// updates); a matmul casts its input and weights to the compute dtype and returns fp32.
/// </summary>
internal static class MixedPrecision
{
    public static Tensor Linear(Linear layer, Tensor x, ScalarType? compute)
    {
        if (compute is not { } dtype) return layer.call(x);
        var y = nn.functional.linear(x.to(dtype), layer.weight!.to(dtype), layer.bias?.to(dtype));
        return y.to(ScalarType.Float32); // the caller's dispose scope collects the casts
    }
}
