using GptLab.Experiments;
using GptLab.Solutions;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>Notebook 04's sampling-filters exercise: the solution passes its check, each wrong filter fails it with its own hint, and no hint holds a probability.</summary>
public class SamplingFiltersCheckTests
{
    [Fact]
    public void TheSolutionIsTheSamplersDistribution()
    {
        var (right, message) = SamplingFiltersCheck.Compare(SamplingFiltersSolution.MyProbabilities);
        Assert.True(right, message);
    }

    [Fact]
    public void EachWrongFilterFailsWithItsOwnHint()
    {
        SamplingFiltersCheck.Filters plain = (logits, t, k, p) => SamplingFiltersSolution.MyProbabilities(logits, t, k, p);
        (SamplingFiltersCheck.Filters Filters, string Hint)[] wrong =
        [
            ((logits, _, _, _) => logits.softmax(0), "with only a temperature of 0.7"), // the notebook's first guess: no filter
            ((logits, t, k, p) => plain(logits * t, 1, k, p), "with only a temperature of 0.7"), // multiplied
            ((logits, t, k, p) => plain(logits, t, k > 0 ? k + 1 : 0, p), "with only top-k = 5"),
            ((logits, t, k, p) => plain(logits, t, k, p < 1 ? p - 0.1 : p), "with only top-p = 0.9"),
            ((logits, t, k, p) => plain(plain(logits, t, 0, p).log(), 1, k, 1), "not the three together"), // top-p before top-k
            ((logits, t, k, p) => (logits / t).exp(), "do not add up to 1"),
            ((logits, _, _, _) => logits[..10], "one probability per token"),
            ((_, _, _, _) => throw new InvalidOperationException("not written yet"), "threw InvalidOperationException"),
        ];
        foreach (var (filters, hint) in wrong)
        {
            using var scope = NewDisposeScope();
            var (right, message) = SamplingFiltersCheck.Compare(filters);
            Assert.False(right, hint);
            Assert.Contains(hint, message);
            Assert.DoesNotMatch(@"0\.\d{3}", message); // no probability
        }
    }
}
