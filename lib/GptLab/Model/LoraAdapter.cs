using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// A low-rank adapter of one Linear (LoRA, Hu et al. 2021): the frozen weight W (out, in) is used as
/// W + (alpha / r)·B·A, with A (r, in) and B (out, r) the only trained matrices. B starts at zero, so a fresh adapter
/// leaves the model exactly as it was; A starts as PyTorch initialises a Linear's weight (kaiming uniform, a = √5), as
/// the paper's code does.
/// </summary>
internal sealed class LoraAdapter : nn.Module<Tensor, Tensor>
{
    private readonly Parameter lora_A; // (r, in)
    private readonly Parameter lora_B; // (out, r)
    private readonly double _scale;

    public LoraAdapter(long inFeatures, long outFeatures, int rank, double scale) : base(nameof(LoraAdapter))
    {
        lora_A = new Parameter(empty(rank, inFeatures));
        lora_B = new Parameter(zeros(outFeatures, rank));
        _scale = scale;
        nn.init.kaiming_uniform_(lora_A, Math.Sqrt(5));
        RegisterComponents();
    }

    /// <summary>The adapter's addition to the layer's output for x (…, in) → (…, out), in the compute dtype when one is given.</summary>
    public override Tensor forward(Tensor x) => Delta(x, null);

    /// <remarks>No dispose scope of its own: the caller's scope (Gpt.Forward) collects the intermediates.</remarks>
    public Tensor Delta(Tensor x, ScalarType? compute)
    {
        var (a, b) = compute is { } dtype ? (lora_A.to(dtype), lora_B.to(dtype)) : ((Tensor)lora_A, (Tensor)lora_B);
        return nn.functional.linear(nn.functional.linear(x, a), b) * _scale; // (…, r) then (…, out): never the (out, in) product
    }

    /// <summary>W + scale·B·A (out, in): the plain weight that computes what the layer and this adapter compute together.</summary>
    public Tensor Merge(Tensor weight)
    {
        using var noGrad = no_grad();
        return weight + lora_B.matmul(lora_A) * _scale;
    }
}
