// Solution to notebook 04's exercise 3, "the sampling filters". Tests run it through SamplingFiltersCheck (it must
// pass), beside wrong answers (they must fail). Open it once your own version runs.
using static TorchSharp.torch;

namespace GptLab.Solutions;

public static class SamplingFiltersSolution
{
    public static Tensor MyProbabilities(Tensor logits, double temperature, int topK, double topP)
    {
        var x = logits / temperature; // (V): below 1 sharpens, above 1 flattens
        if (topK > 0 && topK < x.shape[0])
        {
            var kth = x.topk(topK).values[topK - 1]; // the k-th largest logit
            x = x.masked_fill(x < kth, double.NegativeInfinity);
        }
        if (topP < 1.0)
        {
            var (sorted, order) = x.sort(descending: true);
            var probabilities = sorted.softmax(0);
            var before = probabilities.cumsum(0) - probabilities; // the mass of the tokens more likely than each
            var drop = before > topP; // the token that crosses p keeps its place
            x = x.masked_fill(zeros_like(drop).scatter_(0, order, drop), double.NegativeInfinity); // back to vocabulary order
        }
        return x.softmax(0);
    }
}
