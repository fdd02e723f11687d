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
    private LoraAdapter? c_attn_lora; // low-rank adapters when fine-tuned with LoRA (AddAdapters), else none
    private LoraAdapter? c_proj_lora;
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

    /// <summary>Adds a rank-<paramref name="rank"/> adapter to both projections (<see cref="LoraAdapter"/>).</summary>
    internal void AddAdapters(int rank, double scale)
    {
        c_attn_lora = new LoraAdapter(_nEmbd, 3 * _nEmbd, rank, scale);
        c_proj_lora = new LoraAdapter(_nEmbd, _nEmbd, rank, scale);
        register_module(nameof(c_attn_lora), c_attn_lora);
        register_module(nameof(c_proj_lora), c_proj_lora);
    }

    /// <summary>Each projection with its adapter, or null where it has none (<see cref="Gpt.Merged"/>).</summary>
    internal IEnumerable<(Linear Layer, LoraAdapter? Adapter)> Projections => [(c_attn, c_attn_lora), (c_proj, c_proj_lora)];

    /// <summary>The output projection, scaled differently at initialisation (GPT-2).</summary>
    internal Linear OutputProjection => c_proj;

    public override Tensor forward(Tensor x) => Forward(x, null, 0);

    /// <summary>
    /// Attention over <paramref name="x"/> (B, T, C). With a cache, keys/values of earlier positions come from
    /// <paramref name="cache"/> layer <paramref name="layer"/> and this call's are appended to it.
    /// </summary>
    /// <remarks>No dispose scope of its own: this runs per token, and the caller's scope (Gpt.Forward) collects the intermediates.</remarks>
    public Tensor Forward(Tensor x, KvCache? cache, int layer, ScalarType? compute = null)
    {
        var shape = x.shape; // one native call, not three
        var (B, T, C) = (shape[0], shape[1], shape[2]);
        var (q, k, v) = Heads(x, B, T, C, compute); // each (B, nh, T, hs)

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
        y = y.transpose(1, 2).contiguous().view(B, T, C); // (B, T, C): heads side by side again
        y = MixedPrecision.Linear(c_proj, y, compute, c_proj_lora);
        return training && _dropout > 0 ? resid_dropout.call(y) : y;
    }

    /// <summary>
    /// <see cref="Forward"/> for one new token per sequence, x (B, C) → (B, C): its query attends to every cached
    /// position and itself, so no mask; (B, 3C) already lies as (B, 3, nh, 1, hs), so no permute either.
    /// </summary>
    internal Tensor Step(Tensor x, KvCache cache, int layer, ScalarType? compute)
    {
        var parts = MixedPrecision.Linear(c_attn, x, compute, c_attn_lora).view(-1, 3, _nHead, 1, _nEmbd / _nHead).unbind(1);
        var (q, k, v) = (parts[0], parts[1], parts[2]); // each (B, nh, 1, hs)
        (k, v) = cache.Append(layer, k, v); // (B, nh, past+1, hs)
        var y = nn.functional.scaled_dot_product_attention(q, k, v, p: training ? _dropout : 0.0); // (B, nh, 1, hs)
        y = MixedPrecision.Linear(c_proj, y.reshape(-1, _nEmbd), compute, c_proj_lora); // (B, C): heads side by side
        return training && _dropout > 0 ? resid_dropout.call(y) : y;
    }

    /// <summary>
    /// The same attention written out, for looking inside (no cache, no dropout, fp32): softmax(q·kᵀ/√hs) with
    /// the causal mask, as nanoGPT's non-flash path computes it. Returns the weights (B, nh, T, T) and the
    /// output (B, T, C) that <see cref="Forward"/> gives in eval mode. Never called by training or sampling.
    /// </summary>
    internal (Tensor Weights, Tensor Output) ForwardExplicit(Tensor x)
    {
        var shape = x.shape;
        var (B, T, C) = (shape[0], shape[1], shape[2]);
        var (q, k, v) = Heads(x, B, T, C, null); // each (B, nh, T, hs)
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(C / _nHead); // (B, nh, T, T)
        var future = ones(T, T, ScalarType.Bool, device: x.device).triu(1); // (T, T): true above the diagonal
        var weights = scores.masked_fill(future, double.NegativeInfinity).softmax(-1); // rows sum to 1, future gets 0
        var y = weights.matmul(v).transpose(1, 2).contiguous().view(B, T, C); // (B, nh, T, hs) → (B, T, C)
        return (weights, MixedPrecision.Linear(c_proj, y, null, c_proj_lora));
    }

    // q, k and v of x (B, T, C) from the one c_attn matmul, split into heads.
    private (Tensor Q, Tensor K, Tensor V) Heads(Tensor x, long B, long T, long C, ScalarType? compute)
    {
        var qkv = MixedPrecision.Linear(c_attn, x, compute, c_attn_lora) // (B, T, 3C)
            .view(B, T, 3, _nHead, C / _nHead).permute(2, 0, 3, 1, 4); // (3, B, nh, T, hs)
        var parts = qkv.unbind(0);
        return (parts[0], parts[1], parts[2]); // each (B, nh, T, hs)
    }
}
