using GptLab.Sampling;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// Checks a learner's sampling filters (notebook 04's exercise: temperature, then top-k, then top-p, then the softmax)
/// against <see cref="TokenPicker.Probabilities"/> on random logits, one filter at a time and then all three together.
/// It says whether the probabilities agree (to 1e-5) and, when they do not, which filter is wrong, never the right values.
/// </summary>
public static class SamplingFiltersCheck
{
    /// <summary>The learner's filters: logits (V) to probabilities (V); <c>topK</c> 0 and <c>topP</c> 1 leave that filter off.</summary>
    public delegate Tensor Filters(Tensor logits, double temperature, int topK, double topP);

    // One filter at a time, then all three: a failing case names the filter it tests.
    private static readonly (double Temperature, int TopK, double TopP, string Hint)[] Cases =
    [
        (0.7, 0, 1.0, "Not yet: with only a temperature of 0.7 your probabilities differ. Divide the logits by the temperature, then take the softmax."),
        (1.0, 5, 1.0, "Not yet: with only top-k = 5 your probabilities differ. Keep the 5 largest logits, set the others to −∞, then take the softmax."),
        (1.0, 0, 0.9, "Not yet: with only top-p = 0.9 your probabilities differ. Sort by probability and keep the most likely tokens until their mass reaches p; the token that crosses p stays."),
        (2.0, 10, 0.9, "Not yet: each filter alone is right, but not the three together. Apply them in order: temperature, then top-k, then top-p on what top-k left."),
    ];

    /// <summary>Whether <paramref name="mine"/> gives the sampler's probabilities in every case, and a hint when it does not.</summary>
    public static (bool Right, string Message) Compare(Filters mine)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2024);
        foreach (var (temperature, topK, topP, hint) in Cases)
        {
            var logits = randn([64], generator: generator) * 3; // (V)
            Tensor yours;
            try
            {
                yours = mine(logits.clone(), temperature, topK, topP);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (false, $"Not yet: your function threw {e.GetType().Name} ({e.Message.Split('\n')[0]}).");
            }
            if (yours.shape.Length != 1 || yours.shape[0] != logits.shape[0])
                return (false, $"Not yet: you returned a tensor of shape ({string.Join(", ", yours.shape)}); one probability per token, shape ({logits.shape[0]}), is needed.");
            yours = yours.to(ScalarType.Float32);
            if (Math.Abs(yours.sum().item<float>() - 1) > 1e-4)
                return (false, "Not yet: your probabilities do not add up to 1. Did you take the softmax last?");
            var expected = TokenPicker.Probabilities(logits, new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP }, []);
            if (!yours.allclose(expected, rtol: 0, atol: 1e-5)) return (false, hint);
        }
        return (true, "Right: your probabilities are the sampler's with a temperature, with top-k, with top-p and with all three.");
    }
}
