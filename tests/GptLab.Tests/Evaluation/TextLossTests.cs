using GptLab.Evaluation;
using static TorchSharp.torch;

namespace GptLab.Tests.Evaluation;

public class TextLossTests
{
    private static readonly string Text = File.ReadAllText(TestPaths.Shakespeare)[..2_000];

    [Fact]
    public void TheLossIsTheModelsMeanNextTokenLossOverItsWindows()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 16));
        var tokenizer = TorchFixture.ShakespeareChars.Tokenizer;
        var result = TextLoss.Score(model, tokenizer, Text[..33], "x"); // 32 targets: exactly two windows of 16
        var ids = tokenizer.Encode(Text[..33]).Select(i => (long)i).ToArray();
        model.eval();
        using var noGrad = no_grad();
        var expected = (model.Loss(tensor(ids[..16], [1, 16]), tensor(ids[1..17], [1, 16])).item<float>()
            + model.Loss(tensor(ids[16..32], [1, 16]), tensor(ids[17..33], [1, 16])).item<float>()) / 2;
        Assert.Equal(32, result.Tokens);
        Assert.Equal(expected, result.Loss, 5);
        Assert.Equal(result.Loss / Math.Log(2), result.BitsPerChar, 5); // one character per token
        Assert.False(result.Capped);
        Assert.True(TextLoss.Score(model, tokenizer, Text, "x", maxTokens: 100).Capped);
    }

    [Fact]
    public void CharactersOutsideTheVocabularyAreCountedOrRefused()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 16));
        var tokenizer = TorchFixture.ShakespeareChars.Tokenizer;
        var result = TextLoss.Score(model, tokenizer, "To be, or not to be: that is the question. {日本}", "odd.txt");
        Assert.Equal(4, result.Skipped); // { 日 本 }
        var strict = Assert.Throws<GptLabException>(() => TextLoss.Score(model, tokenizer, "To be {", "odd.txt", strict: true));
        Assert.Contains("'{' (U+007B) at character 6", strict.Message);
        Assert.Throws<GptLabException>(() => TextLoss.Score(model, tokenizer, "日本", "none.txt"));
    }
}
