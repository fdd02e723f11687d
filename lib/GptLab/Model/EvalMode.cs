using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// "Evaluate without gradients, then restore the mode": PyTorch's <c>model.eval()</c> + <c>with torch.no_grad():</c> +
/// <c>model.train()</c> as one <c>using</c>. Dropout is off and no graph is recorded until disposed; then the module is
/// back in the mode it was in (a model already in eval mode stays there).
/// </summary>
public sealed class EvalMode : IDisposable
{
    private readonly nn.Module _module;
    private readonly bool _wasTraining;
    private readonly IDisposable _noGrad;

    private EvalMode(nn.Module module)
    {
        _module = module;
        _wasTraining = module.training;
        if (_wasTraining) module.eval();
        _noGrad = no_grad();
    }

    /// <summary>Eval mode and no gradients for <paramref name="module"/> until the result is disposed.</summary>
    public static EvalMode Enter(nn.Module module) => new(module);

    public void Dispose()
    {
        _noGrad.Dispose();
        if (_wasTraining) _module.train();
    }
}
