using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// The residual stream, x = x + attn(ln_1(x)) then x = x + mlp(ln_2(x)) in every block: each block adds to it
/// rather than replacing it, so its norm tends to grow with depth.
/// </summary>
public static class ResidualStream
{
    /// <summary>Norms of the residual after the embeddings and after each block (n_layer + 1 stages), before ln_f.</summary>
    public static IReadOnlyList<ResidualNorm> Norms(Gpt model, ITokenizer tokenizer, string prompt)
    {
        var (ids, _) = ModelProbe.Encode(model, tokenizer, prompt);
        var norms = new List<ResidualNorm>();
        using (EvalMode.Enter(model))
        using (var scope = NewDisposeScope())
        {
            var x = model.Body.Embed(ModelProbe.Batch(model, ids), 0); // (1, T, C)
            norms.Add(new ResidualNorm("embeddings", NormPerPosition(x)));
            var i = 0;
            foreach (var block in model.Body.Blocks)
            {
                x = block.Forward(x, null, 0, null); // (1, T, C)
                norms.Add(new ResidualNorm($"block {i++}", NormPerPosition(x)));
            }
        }
        return norms;
    }

    private static double[] NormPerPosition(Tensor x) =>
        x[0].square().sum(1).sqrt().to(ScalarType.Float64).cpu().data<double>().ToArray(); // (T, C) → (T)
}
