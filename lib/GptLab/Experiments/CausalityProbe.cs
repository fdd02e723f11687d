using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>Shows that a GPT is causal: a token can only affect the predictions at its own and later positions.</summary>
public static class CausalityProbe
{
    /// <summary>
    /// Runs <paramref name="prompt"/> twice, the second time with the token at <paramref name="position"/> replaced
    /// by <paramref name="replacementId"/> (default: the next id in the vocabulary), and compares the logits.
    /// </summary>
    public static CausalityResult Run(Gpt model, ITokenizer tokenizer, string prompt, int position, int? replacementId = null)
    {
        var (ids, labels) = ModelProbe.Encode(model, tokenizer, prompt);
        var V = model.Config.VocabSize;
        if (position < 0 || position >= ids.Length)
            throw new GptLabException($"position {position} is outside the prompt's {ids.Length} tokens: pick 0 to {ids.Length - 1}");
        var replacement = replacementId ?? (ids[position] + 1) % V;
        if (replacement < 0 || replacement >= V || replacement == ids[position])
            throw new GptLabException($"replacement id {replacement} must be a different token id between 0 and {V - 1}");
        var changed = (int[])ids.Clone();
        changed[position] = replacement;

        double[] change;
        using (EvalMode.Enter(model))
        using (var scope = NewDisposeScope())
        {
            var before = model.forward(ModelProbe.Batch(model, ids)); // (1, T, V)
            var after = model.forward(ModelProbe.Batch(model, changed)); // (1, T, V)
            change = (after - before).abs().amax(-1)[0].to(ScalarType.Float64).cpu().data<double>().ToArray(); // (T)
        }
        return new CausalityResult(labels, position, labels[position], tokenizer.Decode([replacement]), change);
    }
}
