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
    private readonly double _dropout;

    public Mlp(GptConfig config) : base(nameof(Mlp))
    {
        c_fc = nn.Linear(config.NEmbd, 4 * config.NEmbd, hasBias: config.Bias);
        gelu = nn.GELU(config.Activation == GptConfig.GeluTanh ? GELU.Approximate.tanh : GELU.Approximate.none, inplace: false);
        c_proj = nn.Linear(4 * config.NEmbd, config.NEmbd, hasBias: config.Bias);
        dropout = nn.Dropout(config.Dropout);
        _dropout = config.Dropout;
        RegisterComponents();
    }

    internal Linear OutputProjection => c_proj;

    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <remarks>No dispose scope of its own: the caller's scope (Gpt.Forward) collects the intermediates.</remarks>
    public Tensor Forward(Tensor x, ScalarType? compute)
    {
        var h = gelu.call(MixedPrecision.Linear(c_fc, x, compute)); // (B, T, 4C)
        var y = MixedPrecision.Linear(c_proj, h, compute); // (B, T, C)
        return training && _dropout > 0 ? dropout.call(y) : y;
    }
}
