using GptLab.Model;
using GptLab.Sampling;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// What the model-inspecting experiments share: a prompt's ids and token labels and the residual stream block by
/// block. Each look runs under <see cref="EvalMode"/>.
/// </summary>
internal static class ModelProbe
{
    /// <summary>The prompt's ids (the sampler's rules: empty means a newline, at most block_size tokens) and each token decoded alone.</summary>
    public static (int[] Ids, string[] Labels) Encode(Gpt model, ITokenizer tokenizer, string prompt)
    {
        var ids = new Sampler(model, tokenizer).EncodePrompt(prompt);
        return (ids, Array.ConvertAll(ids, id => tokenizer.Decode([id])));
    }

    /// <summary>(1, T) int64 ids on the model's device.</summary>
    public static Tensor Batch(Gpt model, int[] ids) =>
        tensor(Array.ConvertAll(ids, i => (long)i), [1, ids.Length], device: model.Device);

    /// <summary>The residual stream entering block <paramref name="layer"/> (1, T, C); layer = n_layer gives the last block's output.</summary>
    public static Tensor ResidualBefore(Gpt model, Tensor idx, int layer)
    {
        var x = model.Body.Embed(idx, 0); // (1, T, C)
        foreach (var block in model.Body.Blocks.Take(layer)) x = block.Forward(x, null, 0, null);
        return x;
    }

    /// <summary>Throws a one-line error when <paramref name="layer"/> is not a layer of the model.</summary>
    public static void CheckLayer(Gpt model, int layer)
    {
        var n = model.Config.NLayer;
        if (layer < 0 || layer >= n)
            throw new GptLabException($"layer {layer} does not exist: the model has {n} layers, numbered 0 to {n - 1}");
    }
}
