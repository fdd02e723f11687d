using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>One pre-LayerNorm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
internal sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Mlp mlp;

    public Block(GptConfig config) : base(nameof(Block))
    {
        ln_1 = nn.LayerNorm(config.NEmbd, bias: config.Bias);
        attn = new CausalSelfAttention(config);
        ln_2 = nn.LayerNorm(config.NEmbd, bias: config.Bias);
        mlp = new Mlp(config);
        RegisterComponents();
    }

    /// <summary>The two residual output projections, scaled by 1/sqrt(2·n_layer) at initialisation.</summary>
    internal IEnumerable<Linear> ResidualProjections => [attn.OutputProjection, mlp.OutputProjection];

    public override Tensor forward(Tensor x) => Forward(x, null, 0, null);

    /// <summary>Adds rank-<paramref name="rank"/> adapters to the block's four projections (<see cref="LoraAdapter"/>).</summary>
    internal void AddAdapters(int rank, double scale)
    {
        attn.AddAdapters(rank, scale);
        mlp.AddAdapters(rank, scale);
    }

    /// <summary>The block's four projections, each with its adapter or null.</summary>
    internal IEnumerable<(Linear Layer, LoraAdapter? Adapter)> Projections => [.. attn.Projections, .. mlp.Projections];

    /// <summary>attn(ln_1(x)) written out (Experiments): the attention weights (B, nh, T, T) and the branch output (B, T, C).</summary>
    internal (Tensor Weights, Tensor Output) AttentionExplicit(Tensor x) => attn.ForwardExplicit(ln_1.call(x));

    /// <summary>attn(ln_1(x)) through the model's own kernel, no cache: what <see cref="AttentionExplicit"/> must match.</summary>
    internal Tensor AttentionBranch(Tensor x) => attn.Forward(ln_1.call(x), null, 0);

    /// <summary>One decoding step of (B, C), one new token per sequence (<see cref="Transformer.Step"/>).</summary>
    internal Tensor Step(Tensor x, KvCache cache, int layer, ScalarType? compute)
    {
        x = x + attn.Step(ln_1.call(x), cache, layer, compute);
        return x + mlp.Forward(ln_2.call(x), compute); // the MLP is position-wise: (B, C) in, (B, C) out
    }

    /// <remarks>No dispose scope of its own: the caller's scope (Gpt.Forward) collects the intermediates.</remarks>
    public Tensor Forward(Tensor x, KvCache? cache, int layer, ScalarType? compute)
    {
        // LayerNorm and the residual stream stay in fp32; only the matmuls switch precision.
        x = x + attn.Forward(ln_1.call(x), cache, layer, compute);
        return x + mlp.Forward(ln_2.call(x), compute);
    }
}
