using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// Checks a learner's attention head (notebook 02's exercise: from the model's own weights, the first layer's attention
/// weights of one head on a prompt: ln_1, the c_attn split into q, k and v, q·kᵀ/√hs, the causal mask, the softmax)
/// against <see cref="AttentionMaps"/> for every head of layer 0. It says whether the weights agree (to 1e-4) and, when
/// they do not, what kind of mistake it is, never the right values.
/// </summary>
public static class AttentionHeadCheck
{
    /// <summary>
    /// The learner's head: the model's parameters by their nanoGPT names, the prompt's ids, a head's number and the number
    /// of heads, to that head's attention weights in layer 0, shape (T, T), row the query and column the key.
    /// </summary>
    public delegate Tensor Head(IReadOnlyDictionary<string, Tensor> parameters, int[] ids, int head, int nHead);

    /// <summary>Whether <paramref name="mine"/> gives the model's attention weights for every head of layer 0 on <paramref name="prompt"/>, and a hint when it does not.</summary>
    public static (bool Right, string Message) Compare(Head mine, Gpt model, ITokenizer tokenizer, string prompt)
    {
        var (ids, _) = ModelProbe.Encode(model, tokenizer, prompt);
        var T = ids.Length;
        var maps = AttentionMaps.ForLayer(model, tokenizer, prompt, 0);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parameters = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().to(ScalarType.Float32).cpu());
        foreach (var map in maps)
        {
            float[] yours;
            try
            {
                var weights = mine(parameters, [.. ids], map.Head, model.Config.NHead);
                if (weights.shape.Length != 2 || weights.shape[0] != T || weights.shape[1] != T)
                    return (false, $"Not yet: head {map.Head} gave shape ({string.Join(", ", weights.shape)}); one row per query and one column per key, ({T}, {T}), is needed.");
                yours = weights.detach().to(ScalarType.Float32).cpu().data<float>().ToArray();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (false, $"Not yet: your function threw {e.GetType().Name} ({e.Message.Split('\n')[0]}).");
            }
            float At(int i, int j) => yours[i * T + j];
            if (Enumerable.Range(0, T).Any(i => Enumerable.Range(i + 1, T - i - 1).Any(j => At(i, j) != 0)))
                return (false, "Not yet: a query attends to a later key. The causal mask sets every score above the diagonal to −∞ before the softmax.");
            if (Enumerable.Range(0, T).Any(i => Math.Abs(Enumerable.Range(0, T).Sum(j => At(i, j)) - 1) > 1e-4))
                return (false, "Not yet: a row of your weights does not add up to 1. Take the softmax over the keys, the last dimension.");
            bool Matches(float[][] expected) => Enumerable.Range(0, T).All(i => Enumerable.Range(0, T).All(j => Math.Abs(At(i, j) - expected[i][j]) <= 1e-4));
            if (Matches(map.Weights)) continue;
            return maps.Any(other => other.Head != map.Head && Matches(other.Weights))
                ? (false, $"Not yet: for head {map.Head} you computed another head's weights. Head h uses the h-th slice of hs = C / n_head numbers of q and of k.")
                : (false, $"Not yet: head {map.Head}'s weights differ. Check ln_1 before c_attn (the embeddings of ids and positions go in), the split of c_attn's 3C outputs into q, k, v, and the scale 1/√hs.");
        }
        return (true, $"Right: your weights are the model's for all {maps.Count} heads of layer 0.");
    }
}
