using GptLab.Model;
using static TorchSharp.torch;

namespace GptLab.Interop;

/// <summary>
/// GPT-2's parameter names and orientation against GptLab's (nanoGPT's). Hugging Face stores the four projections of a
/// block as Conv1D, weight (in, out), under names without nanoGPT's <c>transformer.</c> prefix, and no lm_head (tied);
/// GptLab's Linear weights are (out, in). nanoGPT's <c>from_pretrained</c> does the same transposes.
/// </summary>
public static class Gpt2Weights
{
    // The block weights stored as Conv1D (in, out) by GPT-2.
    private static readonly string[] Conv1D = ["attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"];

    // Buffers some GPT-2 and nanoGPT files carry (the causal mask), not parameters.
    private static readonly string[] Buffers = [".attn.bias", ".attn.masked_bias"];

    private const string Prefix = "transformer.";

    private const string Head = "lm_head.weight";

    /// <summary>
    /// nanoGPT-named fp32 tensors for a model of <paramref name="config"/> from a Hugging Face state dict (names with or
    /// without the <c>transformer.</c> prefix). A missing, extra or misshapen tensor is one line naming it, from
    /// <paramref name="file"/>. Call it inside a dispose scope: the copies it makes belong to the caller's.
    /// </summary>
    public static Dictionary<string, Tensor> FromHuggingFace(IReadOnlyDictionary<string, Tensor> hf, GptConfig config, string file)
    {
        var byName = new Dictionary<string, Tensor>();
        foreach (var (key, tensor) in hf)
        {
            var name = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : key;
            if (IsCausalMask(name)) continue;
            if (!byName.TryAdd(name, tensor)) // "h.0.ln_1.weight" and "transformer.h.0.ln_1.weight": which one is GPT-2?
                throw new GptLabException($"cannot import {file}: it holds \"{name}\" twice, with and without the \"{Prefix}\" prefix; keep one copy of each tensor");
        }
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, shape) in Shapes(config))
        {
            var hfName = name[Prefix.Length..];
            if (!byName.Remove(hfName, out var tensor))
                throw new GptLabException($"cannot import {file}: it has no tensor \"{hfName}\", which a GPT-2 of this config.json needs");
            var conv1D = Conv1D.Any(c => hfName.EndsWith(c, StringComparison.Ordinal));
            long[] expected = conv1D ? [shape[1], shape[0]] : shape;
            if (!tensor.shape.SequenceEqual(expected))
                throw new GptLabException($"cannot import {file}: \"{hfName}\" has shape [{string.Join(", ", tensor.shape)}], config.json implies [{string.Join(", ", expected)}]");
            var fp32 = tensor.to(ScalarType.Float32);
            result[name] = conv1D ? fp32.t().contiguous() : fp32.contiguous();
        }
        // Tied: the head is the token embedding. A file that carries its own copy must agree with it.
        if (byName.Remove(Head, out var head) && !head.to(ScalarType.Float32).allclose(result[Prefix + "wte.weight"], rtol: 0, atol: 0))
            throw new GptLabException($"cannot import {file}: lm_head.weight differs from wte.weight, and GptLab ties the two");
        if (byName.Keys.FirstOrDefault() is { } extra)
            throw new GptLabException($"cannot import {file}: tensor \"{extra}\" is not part of GPT-2 ({byName.Count} such): is this another architecture?");
        result[Head] = result[Prefix + "wte.weight"];
        return result;
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a block's causal-mask buffer (<c>h.N.attn.bias</c> or <c>attn.masked_bias</c>,
    /// with or without the <c>transformer.</c> prefix), which Hugging Face's older GPT-2 files and nanoGPT on a PyTorch
    /// without flash attention save beside the weights: not a parameter, and GptLab's attention needs none.
    /// </summary>
    public static bool IsCausalMask(string name)
    {
        var unprefixed = name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
        return unprefixed.StartsWith("h.", StringComparison.Ordinal) && Buffers.Any(b => unprefixed.EndsWith(b, StringComparison.Ordinal));
    }

    /// <summary>The model's weights under Hugging Face's names and orientation, no lm_head (tied). The caller disposes them.</summary>
    public static Dictionary<string, Tensor> ToHuggingFace(Gpt model)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in model.state_dict())
        {
            if (name == Head) continue;
            var hfName = name[Prefix.Length..];
            var cpu = tensor.detach().cpu();
            result[hfName] = Conv1D.Any(c => hfName.EndsWith(c, StringComparison.Ordinal)) ? cpu.t().contiguous() : cpu.contiguous();
        }
        return result;
    }

    // Every parameter of a GptLab GPT of this config but the tied head, with its (out, in) shape.
    private static IEnumerable<(string Name, long[] Shape)> Shapes(GptConfig c)
    {
        long C = c.NEmbd;
        yield return (Prefix + "wte.weight", [c.VocabSize, C]);
        yield return (Prefix + "wpe.weight", [c.BlockSize, C]);
        for (var i = 0; i < c.NLayer; i++)
        {
            var h = $"{Prefix}h.{i}.";
            yield return (h + "ln_1.weight", [C]);
            yield return (h + "ln_1.bias", [C]);
            yield return (h + "attn.c_attn.weight", [3 * C, C]);
            yield return (h + "attn.c_attn.bias", [3 * C]);
            yield return (h + "attn.c_proj.weight", [C, C]);
            yield return (h + "attn.c_proj.bias", [C]);
            yield return (h + "ln_2.weight", [C]);
            yield return (h + "ln_2.bias", [C]);
            yield return (h + "mlp.c_fc.weight", [4 * C, C]);
            yield return (h + "mlp.c_fc.bias", [4 * C]);
            yield return (h + "mlp.c_proj.weight", [C, 4 * C]);
            yield return (h + "mlp.c_proj.bias", [C]);
        }
        yield return (Prefix + "ln_f.weight", [C]);
        yield return (Prefix + "ln_f.bias", [C]);
    }
}
