using GptLab.Configuration;
using GptLab.Model;
using TorchSharp;
using TorchSharp.Modules;

namespace GptLab.Training;

/// <summary>
/// nanoGPT's configure_optimizers: AdamW with two parameter groups, weight decay on matrices (embeddings, Linear
/// weights) and none on biases and LayerNorm gains.
/// </summary>
public static class AdamWGroups
{
    public static AdamW Create(Gpt model, TrainConfig c) => Create(model.DistinctParameters(), c);

    public static AdamW Create(IReadOnlyList<(string Name, Parameter Parameter)> named, TrainConfig c)
    {
        var parameters = named.Select(p => p.Parameter).ToList();
        var decay = parameters.Where(p => p.dim() >= 2).ToList();
        var noDecay = parameters.Where(p => p.dim() < 2).ToList();
        var groups = new[]
        {
            new AdamW.ParamGroup(decay, c.LearningRate, c.Beta1, c.Beta2, 1e-8, c.WeightDecay, false, false),
            new AdamW.ParamGroup(noDecay, c.LearningRate, c.Beta1, c.Beta2, 1e-8, 0.0, false, false),
        };
        return torch.optim.AdamW(groups, c.LearningRate, c.Beta1, c.Beta2);
    }
}
