using GptLab.Sampling;
using static TorchSharp.torch;

namespace GptLab.Tests.Sampling;

public class TokenPickerTests
{
    private static readonly float[] Logits = [0.5f, 2.0f, -1.0f, 1.5f, 3.0f, 0.0f, 2.5f, -2.0f];

    [Fact]
    public void TopKNeverSamplesOutsideTheKBest()
    {
        using var logits = tensor(Logits);
        using var generator = new Generator(7);
        var best3 = new HashSet<int> { 4, 6, 1 };
        var seen = new HashSet<int>();
        for (var i = 0; i < 400; i++)
            seen.Add(TokenPicker.Pick(logits, new SamplingOptions { Temperature = 2.0, TopK = 3 }, [], generator));
        Assert.Subset(best3, seen);
        Assert.Equal(3, seen.Count); // and all three do occur at a high temperature
    }

    [Fact]
    public void TopPKeepsTheSmallestNucleus()
    {
        // probabilities of token 0..2: 0.6, 0.3, 0.1 → p = 0.8 keeps {0, 1}, never 2
        using var logits = tensor(new[] { MathF.Log(0.6f), MathF.Log(0.3f), MathF.Log(0.1f) });
        using var generator = new Generator(3);
        var seen = Enumerable.Range(0, 300).Select(_ => TokenPicker.Pick(logits, new SamplingOptions { Temperature = 1, TopP = 0.8 }, [], generator)).ToHashSet();
        Assert.Equal(new HashSet<int> { 0, 1 }, seen);
        var greedyNucleus = TokenPicker.Pick(logits, new SamplingOptions { Temperature = 1, TopP = 0.05 }, [], generator);
        Assert.Equal(0, greedyNucleus); // the most likely token always survives
    }

    [Fact]
    public void TemperatureTowardsZeroIsGreedy()
    {
        using var logits = tensor(Logits);
        using var generator = new Generator(11);
        Assert.Equal(4, TokenPicker.Pick(logits, new SamplingOptions { Temperature = 0 }, [], generator));
        for (var i = 0; i < 50; i++)
            Assert.Equal(4, TokenPicker.Pick(logits, new SamplingOptions { Temperature = 1e-4 }, [], generator));
    }

    [Fact]
    public void RepetitionPenaltyPushesSeenTokensDown()
    {
        using var logits = tensor(Logits);
        using var generator = new Generator(1);
        var greedy = new SamplingOptions { Temperature = 0, RepetitionPenalty = 2.0 };
        Assert.Equal(6, TokenPicker.Pick(logits, greedy, [4], generator)); // 3.0 / 2 = 1.5 < 2.5
        Assert.Equal(4, TokenPicker.Pick(logits, greedy with { RepetitionPenalty = 1.0 }, [4], generator));
    }

    [Fact]
    public void SameSeedSameDraws()
    {
        using var logits = tensor(Logits);
        int[] Draw(ulong seed)
        {
            using var generator = new Generator(seed);
            return Enumerable.Range(0, 30).Select(_ => TokenPicker.Pick(logits, new SamplingOptions { Temperature = 1.5 }, [], generator)).ToArray();
        }
        Assert.Equal(Draw(5), Draw(5));
        Assert.NotEqual(Draw(5), Draw(6));
    }

    [Fact]
    public void DrawGivesTheIdsOfMultinomialForTheSameGenerator()
    {
        using var ours = new Generator(42);
        using var libtorch = new Generator(42);
        using var weights = new Generator(7);
        for (var i = 0; i < 300; i++)
        {
            using var scope = NewDisposeScope();
            var vocab = new[] { 2, 65, 2048, 50257 }[i % 4];
            var logits = randn([vocab], generator: weights) * (1 + i % 5);
            if (i % 3 == 0) logits = logits.masked_fill(logits < logits.median(), double.NegativeInfinity); // a filtered distribution (its top half kept)
            var p = logits.softmax(0);
            Assert.Equal(multinomial(p, 1, generator: libtorch).item<long>(), TokenPicker.Draw(p, ours));
        }
    }

    [Fact]
    public void ProbabilitiesAreTheDistributionPickDrawsFrom()
    {
        using var logits = tensor(Logits);
        using var all = TokenPicker.Probabilities(logits, new SamplingOptions { Temperature = 1 }, []);
        Assert.True(all.allclose(logits.softmax(0)));
        using var top3 = TokenPicker.Probabilities(logits, new SamplingOptions { Temperature = 2, TopK = 3 }, []);
        Assert.Equal(1.0, top3.sum().item<float>(), 5);
        Assert.Equal(new HashSet<long> { 1, 4, 6 }, top3.nonzero().flatten().data<long>().ToHashSet());
        using var greedy = TokenPicker.Probabilities(logits, new SamplingOptions { Temperature = 0, RepetitionPenalty = 2.0 }, [4]);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 1, 0 }, greedy.data<float>().ToArray()); // one-hot on the penalised argmax
    }

    [Theory]
    [InlineData(-1.0, null, null, "temperature=-1")]
    [InlineData(1.0, -2, null, "top_k=-2")]
    [InlineData(1.0, null, 1.5, "top_p=1.5")]
    public void BadOptionsAreNamed(double temperature, int? topK, double? topP, string expected)
    {
        var e = Assert.Throws<GptLabException>(() => new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP }.Validate());
        Assert.Contains(expected, e.Message);
    }
}
