using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// Attention weights of a trained model on a prompt. scaled_dot_product_attention never returns them, so the
/// layer's attention is recomputed explicitly (q·kᵀ/√hs, causal mask, softmax) from its own c_attn weights and
/// checked against the model's output; the model's normal forward is untouched.
/// </summary>
public static class AttentionMaps
{
    /// <summary>One head of one layer on <paramref name="prompt"/>.</summary>
    public static AttentionMap ForHead(Gpt model, ITokenizer tokenizer, string prompt, int layer, int head)
    {
        if (head < 0 || head >= model.Config.NHead)
            throw new GptLabException($"head {head} does not exist: each layer has {model.Config.NHead} heads, numbered 0 to {model.Config.NHead - 1}");
        return ForLayer(model, tokenizer, prompt, layer)[head];
    }

    /// <summary>Every head of one layer on <paramref name="prompt"/>, in head order.</summary>
    public static IReadOnlyList<AttentionMap> ForLayer(Gpt model, ITokenizer tokenizer, string prompt, int layer)
    {
        ModelProbe.CheckLayer(model, layer);
        var (ids, labels) = ModelProbe.Encode(model, tokenizer, prompt);
        var T = ids.Length;
        float[] weights;
        double difference;
        using (EvalMode.Enter(model))
        using (var scope = NewDisposeScope())
        {
            var x = ModelProbe.ResidualBefore(model, ModelProbe.Batch(model, ids), layer); // (1, T, C)
            var block = model.Body.Blocks.ElementAt(layer);
            var (att, output) = block.AttentionExplicit(x); // (1, nh, T, T), (1, T, C)
            difference = (output - block.AttentionBranch(x)).abs().max().item<float>();
            weights = att[0].to(ScalarType.Float32).cpu().data<float>().ToArray(); // (nh, T, T) row-major
        }
        return [.. Enumerable.Range(0, model.Config.NHead).Select(h => new AttentionMap(
            layer, h, labels,
            [.. Enumerable.Range(0, T).Select(i => weights.AsSpan((h * T + i) * T, T).ToArray())],
            difference))];
    }
}
