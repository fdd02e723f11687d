using GptLab.Experiments;

namespace GptLab.Tests.Experiments;

public class LossBaselinesTests
{
    [Fact]
    public void EqualCountsReachTheUniformBaseline()
    {
        var b = LossBaselines.Of([0, 1, 2, 3, 3, 2, 1, 0], vocabSize: 4);
        Assert.Equal(Math.Log(4), b.UniformNats, 12);
        Assert.Equal(Math.Log(4), b.UnigramNats, 12);
        Assert.Equal(4, b.UnigramPerplexity, 9);
    }

    [Fact]
    public void KnownDistributionsGiveTheirEntropy()
    {
        Assert.Equal(0.0, LossBaselines.Of([5, 5, 5], 10).UnigramNats); // one token: nothing to predict
        var halves = LossBaselines.Of([0, 0, 1, 2], 65); // p = 1/2, 1/4, 1/4
        Assert.Equal(1.5 * Math.Log(2), halves.UnigramNats, 12);
        Assert.Equal(Math.Log(65), halves.UniformNats, 12); // unused ids still count in ln(V)
        Assert.Equal(3, halves.DistinctTokens);
        Assert.Equal(4, halves.Tokens);
    }

    [Fact]
    public void ShakespeareCharactersSitBetweenZeroAndUniform()
    {
        var data = TorchFixture.ShakespeareChars;
        var b = LossBaselines.Of(data.Train, data.Tokenizer.VocabSize);
        Assert.Equal(Math.Log(65), b.UniformNats, 12); // ≈ 4.17, nanoGPT's loss at step 0
        Assert.InRange(b.UnigramNats, 3.0, 3.5); // letter frequencies alone; a trained model reaches ≈ 1.5
        Assert.Equal(65, b.DistinctTokens);
    }

    [Fact]
    public void IdsOutsideTheVocabularyAreNamed()
    {
        var e = Assert.Throws<GptLabException>(() => LossBaselines.Of([0, 7], 5));
        Assert.Contains("token id 7", e.Message);
        Assert.Throws<GptLabException>(() => LossBaselines.Of([], 5));
    }
}
