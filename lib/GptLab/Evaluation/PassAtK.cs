using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Model;

namespace GptLab.Evaluation;

/// <summary>
/// pass@k (Chen et al. 2021): the chance that at least one of k sampled answers to a question is right, estimated
/// without bias from n ≥ k samples of which c are right: 1 − C(n−c, k) / C(n, k). Yue et al. (2025) read it at small
/// and large k to ask whether RL taught a model new answers or only made it sample the ones it had more often.
/// </summary>
public static class PassAtK
{
    /// <summary>The unbiased estimate for one question: <paramref name="right"/> of <paramref name="n"/> samples right.</summary>
    public static double Estimate(int n, int right, int k)
    {
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"k={k} must be from 1 to the {n} samples");
        if (right < 0 || right > n) throw new ArgumentOutOfRangeException(nameof(right), $"right={right} must be from 0 to {n}");
        if (n - right < k) return 1.0; // every draw of k holds a right answer
        // C(n−c, k) / C(n, k) = Π_{i=0}^{k−1} (n−c−i) / (n−i), as a product: no factorial overflows.
        var none = 1.0;
        for (var i = 0; i < k; i++) none *= (double)(n - right - i) / (n - i);
        return 1.0 - none;
    }

    /// <summary>
    /// How many of <paramref name="n"/> answers sampled from <paramref name="model"/> at <paramref name="temperature"/>
    /// solve each example (example e's answers drawn side by side with seed <paramref name="seed"/> + e).
    /// </summary>
    public static int[] RightCounts(Gpt model, ChatTemplate template, IReadOnlyList<ChatExample> examples, int n, double temperature, int maxNewTokens, long seed) =>
        [.. examples.Select((example, e) => SampledAnswer.Group(model, template, template.RenderPrompt(example.Prompt), n, temperature, maxNewTokens, seed + e).Count(a => a.Solves(example)))];

    /// <summary>Per example, pass@k for every k from 1 to n: [example][k − 1].</summary>
    public static double[][] Curves(IReadOnlyList<int> rightCounts, int n) =>
        [.. rightCounts.Select(c => Enumerable.Range(1, n).Select(k => Estimate(n, c, k)).ToArray())];
}
