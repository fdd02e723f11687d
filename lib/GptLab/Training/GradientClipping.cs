using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>Gradient clipping by the global norm, with the norm left on the device.</summary>
public static class GradientClipping
{
    /// <summary>
    /// The bound for a run's grad_clip: 0 turns clipping off, yet the norm is still measured (for metrics), against a
    /// bound no norm reaches (float's largest).
    /// </summary>
    public static double Bound(double gradClip) => gradClip > 0 ? gradClip : float.MaxValue;

    /// <summary>
    /// Scales every gradient by min(1, <paramref name="maxNorm"/> / (‖g‖ + 1e-6)), ‖g‖ the 2-norm of all gradients together,
    /// and returns ‖g‖ before clipping as a scalar tensor on the gradients' device. The same operations as libtorch's
    /// <c>clip_grad_norm_</c> (so the same numbers), without its final <c>item()</c>: the host does not wait for the device.
    /// </summary>
    public static Tensor ClipByTotalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return zeros(1).squeeze().MoveToOuterDisposeScope();
        var total = grads.Count == 1 ? grads[0].norm() : stack(grads.Select(g => g.norm())).norm(); // scalar
        var coefficient = Coefficient(total, maxNorm);
        foreach (var g in grads) g.mul_(coefficient);
        return total.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same rule for gradients that live in one flat buffer (<see cref="FlatAdamW"/>): one norm and one scaling. The
    /// norm of the whole buffer sums the squares in another order than the norm of the per-tensor norms, so it can differ
    /// from <c>clip_grad_norm_</c> in the last bits.
    /// </summary>
    public static Tensor ClipByTotalNorm(Tensor flatGradients, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var total = flatGradients.norm(); // scalar
        flatGradients.mul_(Coefficient(total, maxNorm));
        return total.MoveToOuterDisposeScope();
    }

    // libtorch's max_norm / (norm + 1e-6), never above 1 (clipping never scales up).
    private static Tensor Coefficient(Tensor total, double maxNorm) => (total + 1e-6).reciprocal().mul(maxNorm).clamp_max(1.0);
}
