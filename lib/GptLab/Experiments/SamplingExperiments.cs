using System.Globalization;
using GptLab.Model;
using GptLab.Sampling;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// What the sampling options do to the next-token distribution, computed by <see cref="TokenPicker.Probabilities"/>,
/// the same code that <see cref="Sampler"/> draws from. For the KV cache's speed-up see <see cref="SamplingSpeed.Measure"/>.
/// </summary>
public static class SamplingExperiments
{
    /// <summary>
    /// The <paramref name="top"/> most likely next tokens after <paramref name="prompt"/> under <paramref name="options"/>
    /// (temperature, top-k, top-p, repetition penalty over the prompt), most likely first.
    /// </summary>
    public static IReadOnlyList<TokenProbability> NextTokens(Gpt model, ITokenizer tokenizer, string prompt, SamplingOptions options, int top = 10)
    {
        if (top < 1) throw new GptLabException($"top={top} must be at least 1");
        options.Validate();
        var (ids, _) = ModelProbe.Encode(model, tokenizer, prompt);
        var probs = Distributions(model, ids, [options])[0];
        return [.. probs.Select((p, id) => (p, id)).OrderByDescending(x => x.p).ThenBy(x => x.id).Take(top)
            .Select((x, rank) => new TokenProbability(rank, x.id, tokenizer.Decode([x.id]), x.p))];
    }

    /// <summary>
    /// Entropy of the next-token distribution after <paramref name="prompt"/> at each temperature (the other settings
    /// from <paramref name="options"/>, default none). Lower temperature, lower entropy: at 0 it is greedy and 0.
    /// </summary>
    public static IReadOnlyList<TemperatureEntropy> EntropyByTemperature(
        Gpt model, ITokenizer tokenizer, string prompt, IReadOnlyList<double> temperatures, SamplingOptions? options = null)
    {
        var all = temperatures.Select(t => (options ?? new SamplingOptions()) with { Temperature = t }).ToArray();
        foreach (var o in all) o.Validate();
        var (ids, _) = ModelProbe.Encode(model, tokenizer, prompt);
        var distributions = Distributions(model, ids, all);
        return [.. temperatures.Select((t, i) => new TemperatureEntropy(t, Entropy(distributions[i]), distributions[i].Max()))];
    }

    /// <summary>One generation of <paramref name="prompt"/> per options, side by side (each seeded by its own options).</summary>
    public static IReadOnlyList<Generation> Generations(Gpt model, ITokenizer tokenizer, string prompt, params SamplingOptions[] options)
    {
        var sampler = new Sampler(model, tokenizer);
        return [.. options.Select(o => new Generation(Describe(o), o, sampler.Generate(prompt, o)))];
    }

    /// <summary>The options in words for a legend: "greedy" or "temperature 0.8", then top-k, top-p and penalty when set.</summary>
    public static string Describe(SamplingOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string> { options.Temperature == 0 ? "greedy" : string.Create(c, $"temperature {options.Temperature}") };
        if (options.TopK is > 0 and var k) parts.Add(string.Create(c, $"top-k {k}"));
        if (options.TopP is < 1.0 and var p) parts.Add(string.Create(c, $"top-p {p}"));
        if (options.RepetitionPenalty != 1.0) parts.Add(string.Create(c, $"repetition penalty {options.RepetitionPenalty}"));
        return string.Join(", ", parts);
    }

    /// <summary>−Σ p·ln p in nats, with 0·ln 0 = 0; never below +0 (a one-hot would give −0, float rounding a hair less).</summary>
    internal static double Entropy(IEnumerable<float> probabilities) =>
        Math.Max(0.0, -probabilities.Where(p => p > 0).Sum(p => p * Math.Log(p)));

    // The last position's logits once, then the distribution under each options.
    private static float[][] Distributions(Gpt model, int[] ids, IReadOnlyList<SamplingOptions> options)
    {
        using var eval = EvalMode.Enter(model);
        using var scope = NewDisposeScope();
        var logits = model.forward(ModelProbe.Batch(model, ids))[0, -1]; // (V)
        return [.. options.Select(o => TokenPicker.Probabilities(logits, o, ids).data<float>().ToArray())];
    }
}
