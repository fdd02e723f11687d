using System.Diagnostics;
using GptLab.Model;
using GptLab.Tokenization;

namespace GptLab.Sampling;

/// <summary>
/// Decoding speed with and without the KV cache: what reusing keys/values of earlier positions buys. Used by
/// <c>gptlab bench</c> and the sampling notebook, so both report the same measurement.
/// </summary>
/// <param name="NewTokens">Tokens generated per timed run, from a one-token prompt.</param>
/// <param name="Context">The model's block size: past it the recomputing path crops, the cache restarts.</param>
/// <param name="TokensPerSecondKv">Median of the cached runs.</param>
/// <param name="TokensPerSecondNoKv">Median of the runs recomputing the whole context every token (nanoGPT's generate).</param>
public sealed record SamplingSpeed(int NewTokens, int Context, double TokensPerSecondKv, double TokensPerSecondNoKv)
{
    /// <summary>How many times faster the cache is.</summary>
    public double Speedup => TokensPerSecondKv / TokensPerSecondNoKv;

    /// <summary>
    /// Times <see cref="Sampler.GenerateIds"/> generating <paramref name="newTokens"/> at temperature 1 with and without the
    /// cache, alternating over <paramref name="rounds"/> rounds (each run after an 8-token warm-up) so that a shared
    /// machine's slow moments fall on both sides; each speed is the median of its rounds.
    /// </summary>
    public static SamplingSpeed Measure(Gpt model, ITokenizer tokenizer, int newTokens, int rounds = 3)
    {
        if (newTokens < 1 || rounds < 1)
            throw new GptLabException($"measuring sampling speed needs newTokens ≥ 1 and rounds ≥ 1 (got {newTokens} and {rounds}): pass larger values");
        var sampler = new Sampler(model, tokenizer);
        double Speed(bool kv)
        {
            var options = new SamplingOptions { MaxNewTokens = newTokens, UseKvCache = kv, Temperature = 1.0 };
            _ = sampler.GenerateIds([0], options with { MaxNewTokens = 8 }).Count(); // warm-up
            var clock = Stopwatch.StartNew();
            var n = sampler.GenerateIds([0], options).Count();
            return n / clock.Elapsed.TotalSeconds;
        }
        var (kv, recompute) = (new List<double>(), new List<double>());
        for (var r = 0; r < rounds; r++)
        {
            kv.Add(Speed(true));
            recompute.Add(Speed(false));
        }
        return new SamplingSpeed(newTokens, model.Config.BlockSize, Median.Of(kv), Median.Of(recompute));
    }
}
