// Solution to notebook 02's exercise 3, "one attention head". Tests run it through AttentionHeadCheck (it must pass),
// beside wrong answers (they must fail). Open it once your own version runs.
using static TorchSharp.torch;

namespace GptLab.Solutions;

public static class AttentionHeadSolution
{
    public static Tensor MyHead(IReadOnlyDictionary<string, Tensor> p, int[] ids, int head, int nHead)
    {
        var T = ids.Length;
        var idx = tensor(ids.Select(i => (long)i).ToArray());
        var x = p["transformer.wte.weight"].index_select(0, idx) + p["transformer.wpe.weight"][..T]; // (T, C): token + position
        var C = (int)x.shape[1];
        Tensor? Bias(string name) => p.TryGetValue(name, out var b) ? b : null;
        var h = nn.functional.layer_norm(x, [C], p["transformer.h.0.ln_1.weight"], Bias("transformer.h.0.ln_1.bias")); // ln_1
        var qkv = nn.functional.linear(h, p["transformer.h.0.attn.c_attn.weight"], Bias("transformer.h.0.attn.c_attn.bias")); // (T, 3C)
        var hs = C / nHead;
        var q = qkv[.., (head * hs)..((head + 1) * hs)]; // (T, hs): this head's slice of the first C
        var k = qkv[.., (C + head * hs)..(C + (head + 1) * hs)]; // of the second C
        var scores = q.matmul(k.t()) / Math.Sqrt(hs); // (T, T)
        var future = ones(T, T).triu(1).to_type(ScalarType.Bool); // keys after the query
        return scores.masked_fill(future, double.NegativeInfinity).softmax(1);
    }
}
