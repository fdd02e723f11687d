using static TorchSharp.torch;

namespace GptLab.Sampling;

/// <summary>Turns one position's logits into a token id: penalty, temperature, top-k, top-p, then a draw.</summary>
public static class TokenPicker
{
    /// <summary>
    /// The next token for <paramref name="logits"/> (vocab) given the ids already in the context. Draws with
    /// <paramref name="generator"/> (a CPU generator) so the same seed gives the same text on any device.
    /// </summary>
    public static int Pick(Tensor logits, SamplingOptions options, IReadOnlyCollection<int> context, Generator generator)
    {
        using var scope = NewDisposeScope();
        var x = Filtered(logits, options, context); // (V)
        if (options.Temperature == 0) return (int)x.argmax().item<long>();
        return Draw(x.softmax(0), generator);
    }

    /// <summary>
    /// One draw from probabilities (V): argmax(p / q) with q ~ Exp(1) drawn from <paramref name="generator"/>. This is
    /// the fast path libtorch's <c>multinomial(p, 1)</c> takes, written out without its validity checks, which cost five
    /// small reductions and host reads per token; a test shows the same ids as <c>multinomial</c> for the same generator.
    /// </summary>
    internal static int Draw(Tensor probabilities, Generator generator)
    {
        using var scope = NewDisposeScope();
        var q = empty_like(probabilities).exponential_(1, generator); // (V)
        return (int)(probabilities / q).argmax().item<long>();
    }

    /// <summary>
    /// The distribution <see cref="Pick"/> draws from: probabilities (V), float32 on the CPU, after the repetition
    /// penalty, temperature, top-k and top-p (filtered tokens get 0). Temperature 0 gives a one-hot on the most
    /// likely token. nanoGPT's equivalent is <c>F.softmax(logits / temperature, dim=-1)</c> after its top-k crop.
    /// </summary>
    public static Tensor Probabilities(Tensor logits, SamplingOptions options, IReadOnlyCollection<int> context)
    {
        using var scope = NewDisposeScope();
        var x = Filtered(logits, options, context); // (V)
        var probs = options.Temperature == 0 ? zeros_like(x).index_fill_(0, x.argmax().unsqueeze(0), 1.0) : x.softmax(0);
        return probs.MoveToOuterDisposeScope();
    }

    // Logits (V) on the CPU after the penalty, then (unless greedy) divided by the temperature with the tokens
    // outside top-k / top-p set to -inf. No scope of its own: the caller's collects the intermediates.
    private static Tensor Filtered(Tensor logits, SamplingOptions options, IReadOnlyCollection<int> context)
    {
        var x = logits.detach(); // (V)
        if (x.dtype != ScalarType.Float32) x = x.to(ScalarType.Float32);
        if (x.device_type != TorchSharp.DeviceType.CPU) x = x.cpu();
        if (options.RepetitionPenalty != 1.0 && context.Count > 0)
        {
            x = x.clone(); // penalised in place below: the caller's logits stay as they were
            var seen = tensor(context.Distinct().Select(i => (long)i).ToArray());
            var values = x.index_select(0, seen);
            var penalized = where(values > 0, values / options.RepetitionPenalty, values * options.RepetitionPenalty);
            x.index_copy_(0, seen, penalized);
        }
        if (options.Temperature == 0) return x; // greedy: only the argmax matters

        if (options.Temperature != 1.0) x = x / options.Temperature; // out of place: x may still be the caller's logits
        if (options.TopK is > 0 and var k && k < x.shape[0])
        {
            var kth = x.topk(k).values[k - 1];
            x = x.masked_fill(x < kth, double.NegativeInfinity); // ties with the k-th stay in
        }
        if (options.TopP is < 1.0 and var p)
        {
            var (sorted, order) = x.sort(descending: true);
            var probabilities = sorted.softmax(0);
            var before = probabilities.cumsum(0) - probabilities; // mass of strictly more likely tokens
            var drop = before > p; // the most likely token always stays (its "before" is 0)
            var dropByToken = zeros_like(drop).scatter_(0, order, drop); // back from sorted to vocabulary order
            x = x.masked_fill(dropByToken, double.NegativeInfinity);
        }
        return x;
    }
}
