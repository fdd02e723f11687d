using GptLab.Tokenization;

namespace GptLab.Tests.Tokenization;

public class Gpt2TokenizerTests
{
    private readonly Gpt2Tokenizer _tokenizer = new();

    [Fact]
    public void Encodes_like_tiktoken_gpt2()
    {
        Assert.Equal(new[] { 15496, 995 }, _tokenizer.Encode("Hello world"));
        Assert.Equal(50257, _tokenizer.VocabSize);
        Assert.Equal(50256, _tokenizer.SpecialTokens["<|endoftext|>"]);
        Assert.Equal(new[] { 50256 }, _tokenizer.Encode("<|endoftext|>"));
    }

    [Fact]
    public void Random_unicode_round_trips()
    {
        var random = new Random(99);
        for (int i = 0; i < 200; i++)
        {
            string text = RandomText.Next(random);
            Assert.Equal(text, _tokenizer.Decode(_tokenizer.Encode(text)));
        }
    }
}
