using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>Multi-head causal self-attention through scaled_dot_product_attention (nanoGPT's CausalSelfAttention).</summary>
internal sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_attn; // q, k, v projections in one matmul, as GPT-2 stores them
    private readonly Linear c_proj;
    private readonly Dropout resid_dropout;
    private readonly int _nHead;
    private readonly int _nEmbd;
    private readonly double _dropout;

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        _nHead = config.NHead;
        _nEmbd = config.NEmbd;
        _dropout = config.Dropout;
        c_attn = nn.Linear(config.NEmbd, 3 * config.NEmbd, hasBias: config.Bias);
        c_proj = nn.Linear(config.NEmbd, config.NEmbd, hasBias: config.Bias);
        resid_dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>The output projection, scaled differently at initialisation (GPT-2).</summary>
    internal Linear OutputProjection => c_proj;

    public override Tensor forward(Tensor x) => Forward(x, null, 0);

    /// <summary>
    /// Attention over <paramref name="x"/> (B, T, C). With a cache, keys/values of earlier positions come from
    /// <paramref name="cache"/> layer <paramref name="layer"/> and this call's are appended to it.
    /// </summary>
    public Tensor Forward(Tensor x, KvCache? cache, int layer, ScalarType? compute = null)
    {
        using var scope = NewDisposeScope();
        var (B, T, C) = (x.shape[0], x.shape[1], x.shape[2]);
        var hs = C / _nHead;

        var qkv = MixedPrecision.Linear(c_attn, x, compute); // (B, T, 3C)
        var parts = qkv.split(_nEmbd, dim: 2);
        var q = parts[0].view(B, T, _nHead, hs).transpose(1, 2); // (B, nh, T, hs)
        var k = parts[1].view(B, T, _nHead, hs).transpose(1, 2); // (B, nh, T, hs)
        var v = parts[2].view(B, T, _nHead, hs).transpose(1, 2); // (B, nh, T, hs)

        if (compute is { } dtype) (q, k, v) = (q.to(dtype), k.to(dtype), v.to(dtype)); // flash kernels on CUDA want bf16
        var past = cache?.Length ?? 0;
        if (cache is not null) (k, v) = cache.Append(layer, k, v); // (B, nh, past+T, hs)

        var dropoutP = training ? _dropout : 0.0;
        Tensor y;
        if (past == 0 || T == 1)
        {
            // No cache, or one new token that may see everything cached: the plain causal kernel does it.
            y = nn.functional.scaled_dot_product_attention(q, k, v, p: dropoutP, is_casual: T > 1);
        }
        else
        {
            // Several new tokens after a cached prefix: query i sits at position past + i.
            var mask = ones(T, past + T, ScalarType.Bool, device: x.device).tril(past); // (T, past+T)
            y = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask, p: dropoutP);
        }
        y = y.transpose(1, 2).contiguous().view(B, T, C).to(ScalarType.Float32); // (B, T, C): heads side by side again
        return resid_dropout.call(MixedPrecision.Linear(c_proj, y, compute)).MoveToOuterDisposeScope();
    }
}
