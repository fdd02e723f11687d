using GptLab.IO;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// Early stopping's memory: a CPU copy of the trained weights at the best evaluation so far. A checkpoint saved after it
/// carries it as <see cref="RunFiles.BestWeights"/>, so a resumed run stops with the same weights as an uninterrupted one; when
/// training stops early the copy goes back into the model.
/// </summary>
internal sealed class BestWeights : IDisposable
{
    private Dictionary<string, Tensor>? _state;

    /// <summary>The step of the kept weights; null while none are kept.</summary>
    public long? Step { get; private set; }

    public void Keep(nn.Module model, long step)
    {
        Dispose();
        using var scope = NewDisposeScope();
        // Frozen weights (LoRA's base, a probe's backbone) never change: only what trains is kept.
        _state = model.state_dict().Where(p => p.Value.requires_grad)
            .ToDictionary(p => p.Key, p => p.Value.detach().cpu().clone().MoveToOuterDisposeScope());
        Step = step;
    }

    /// <summary>Writes the kept weights into <paramref name="folder"/> (a checkpoint being written); nothing when none are kept.</summary>
    public void Save(string folder)
    {
        if (_state is null) return;
        using var scope = NewDisposeScope(); // whatever the writer makes on the way
        Safetensors.SaveStateDict(Path.Combine(folder, RunFiles.BestWeights), _state);
    }

    /// <summary>Takes the weights a checkpoint carries (a resumed run); false when it carries none.</summary>
    public bool Load(string checkpointFolder, long step)
    {
        var path = Path.Combine(checkpointFolder, RunFiles.BestWeights);
        if (!File.Exists(path)) return false;
        Dispose();
        using var scope = NewDisposeScope();
        _state = Safetensors.LoadStateDict(path).ToDictionary(p => p.Key, p => p.Value.MoveToOuterDisposeScope());
        Step = step;
        return true;
    }

    /// <summary>Copies the kept weights into <paramref name="model"/>; nothing when none are kept.</summary>
    public void RestoreInto(nn.Module model)
    {
        if (_state is null) return;
        using var noGrad = no_grad();
        var weights = model.state_dict();
        foreach (var (name, tensor) in _state) weights[name].copy_(tensor);
    }

    public void Dispose()
    {
        foreach (var tensor in _state?.Values ?? Enumerable.Empty<Tensor>()) tensor.Dispose();
        (_state, Step) = (null, null);
    }
}
