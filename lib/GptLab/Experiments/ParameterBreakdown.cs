using GptLab.Model;

namespace GptLab.Experiments;

/// <summary>Where a GPT's parameters are: embeddings, attention, MLP, LayerNorm.</summary>
public static class ParameterBreakdown
{
    /// <summary>
    /// Counts per component, in the order token embedding, position embedding, attention, MLP, LayerNorm; they add
    /// up to <see cref="Gpt.ParameterCount"/>. The LM head shares the token embedding's matrix (weight tying), so it is
    /// counted once, inside "token embedding", as PyTorch's <c>sum(p.numel() for p in model.parameters())</c> does.
    /// </summary>
    public static IReadOnlyList<ParameterShare> Of(Gpt model)
    {
        string[] components = ["token embedding", "position embedding", "attention", "MLP", "LayerNorm"];
        var counts = new long[components.Length];
        foreach (var (name, parameter) in model.DistinctParameters())
            counts[ComponentOf(name)] += parameter.numel();
        var total = (double)counts.Sum();
        return [.. components.Select((c, i) => new ParameterShare(c, counts[i], counts[i] / total))];
    }

    // Index into the component list, from the nanoGPT/GPT-2 parameter name.
    private static int ComponentOf(string name) => name switch
    {
        _ when name.StartsWith("transformer.wte.", StringComparison.Ordinal) => 0,
        _ when name.StartsWith("transformer.wpe.", StringComparison.Ordinal) => 1,
        _ when name.Contains(".attn.", StringComparison.Ordinal) => 2,
        _ when name.Contains(".mlp.", StringComparison.Ordinal) => 3,
        _ when name.Contains(".ln_", StringComparison.Ordinal) => 4,
        _ => throw new InvalidOperationException($"parameter {name} belongs to no component of the breakdown"),
    };
}
