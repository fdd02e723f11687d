using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>The feed-forward half of a block: C → 4C → GELU → C (nanoGPT's MLP).</summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly GELU gelu;
    private readonly Linear c_proj;
    private readonly Dropout dropout;
    private LoraAdapter? c_fc_lora; // low-rank adapters when fine-tuned with LoRA (AddAdapters), else none
    private LoraAdapter? c_proj_lora;
    private readonly long _nEmbd;
    private readonly double _dropout;

    public Mlp(GptConfig config) : base(nameof(Mlp))
    {
        c_fc = nn.Linear(config.NEmbd, 4 * config.NEmbd, hasBias: config.Bias);
        gelu = nn.GELU(config.Activation == GptConfig.GeluTanh ? GELU.Approximate.tanh : GELU.Approximate.none, inplace: false);
        c_proj = nn.Linear(4 * config.NEmbd, config.NEmbd, hasBias: config.Bias);
        dropout = nn.Dropout(config.Dropout);
        _dropout = config.Dropout;
        _nEmbd = config.NEmbd;
        RegisterComponents();
    }

    /// <summary>Adds a rank-<paramref name="rank"/> adapter to both projections (<see cref="LoraAdapter"/>).</summary>
    internal void AddAdapters(int rank, double scale)
    {
        c_fc_lora = new LoraAdapter(_nEmbd, 4 * _nEmbd, rank, scale);
        c_proj_lora = new LoraAdapter(4 * _nEmbd, _nEmbd, rank, scale);
        register_module(nameof(c_fc_lora), c_fc_lora);
        register_module(nameof(c_proj_lora), c_proj_lora);
    }

    /// <summary>Each projection with its adapter, or null where it has none (<see cref="Gpt.Merged"/>).</summary>
    internal IEnumerable<(Linear Layer, LoraAdapter? Adapter)> Projections => [(c_fc, c_fc_lora), (c_proj, c_proj_lora)];

    internal Linear OutputProjection => c_proj;

    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <remarks>No dispose scope of its own: the caller's scope (Gpt.Forward) collects the intermediates.</remarks>
    public Tensor Forward(Tensor x, ScalarType? compute)
    {
        var h = gelu.call(MixedPrecision.Linear(c_fc, x, compute, c_fc_lora)); // (B, T, 4C)
        var y = MixedPrecision.Linear(c_proj, h, compute, c_proj_lora); // (B, T, C)
        return training && _dropout > 0 ? dropout.call(y) : y;
    }
}
