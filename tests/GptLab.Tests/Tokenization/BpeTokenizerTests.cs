using System.Diagnostics;
using GptLab.Tokenization;
using Xunit.Abstractions;

namespace GptLab.Tests.Tokenization;

public class BpeTokenizerTests(ShakespeareBpe shakespeare, ITestOutputHelper output) : IClassFixture<ShakespeareBpe>
{
    private const string SmallCorpus = "the cat sat on the mat; the cat ate the rat. The end!\n";

    [Fact]
    public void Trained_vocabulary_has_the_requested_size()
    {
        Assert.Equal(512, shakespeare.Tokenizer.VocabSize);
        Assert.Equal(256, shakespeare.Tokenizer.MergeCount);
        output.WriteLine($"BPE 512 on Shakespeare trained in {shakespeare.TrainingTime.TotalSeconds:F2} s");
    }

    [Fact]
    public void Compresses_Shakespeare_better_than_bytes()
    {
        var clock = Stopwatch.StartNew();
        int[] ids = shakespeare.Tokenizer.Encode(shakespeare.Text);
        double tokensPerChar = (double)ids.Length / shakespeare.Text.Length;
        output.WriteLine($"{ids.Length} tokens, {tokensPerChar:F3} tokens/char, encoded in {clock.Elapsed.TotalSeconds:F2} s");

        Assert.True(tokensPerChar < 0.6, $"{tokensPerChar:F3} tokens/char");
        Assert.Equal(shakespeare.Text, shakespeare.Tokenizer.Decode(ids));
    }

    [Fact]
    public void Random_unicode_round_trips()
    {
        var random = new Random(1234);
        for (int i = 0; i < 500; i++)
        {
            string text = RandomText.Next(random);
            Assert.Equal(text, shakespeare.Tokenizer.Decode(shakespeare.Tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Training_is_deterministic()
    {
        string corpus = shakespeare.Text[..100_000];

        int[] first = BpeTrainer.Train(corpus, 400).Encode(corpus);
        int[] second = BpeTrainer.Train(corpus, 400).Encode(corpus);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Special_tokens_follow_the_merges_and_encode_to_their_ids()
    {
        var tokenizer = BpeTrainer.Train(SmallCorpus + "<|endoftext|>" + SmallCorpus, 270, ["<|endoftext|>"]);

        Assert.Equal(270, tokenizer.VocabSize);
        Assert.Equal(269, tokenizer.SpecialTokens["<|endoftext|>"]);
        int[] ids = tokenizer.Encode("the cat<|endoftext|>the rat");
        Assert.Contains(269, ids);
        Assert.Equal("the cat<|endoftext|>the rat", tokenizer.Decode(ids));
    }

    [Theory]
    [InlineData(255)]
    [InlineData(8193)]
    [InlineData(-1)]
    public void Invalid_vocabulary_size_is_rejected(int vocabSize)
    {
        var error = Assert.Throws<GptLabException>(() => BpeTrainer.Train(SmallCorpus, vocabSize));

        Assert.Contains(vocabSize.ToString(), error.Message);
    }

    [Fact]
    public void Corpus_too_small_for_the_size_is_rejected()
    {
        Assert.Throws<GptLabException>(() => BpeTrainer.Train("abab", 300));
    }
}
