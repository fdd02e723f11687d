using GptLab.Sampling;
using GptLab.Tokenization;

namespace GptLab.Tests.Sampling;

public class SamplerTests
{
    private static readonly CharTokenizer Tokenizer = CharTokenizer.FromCorpus(File.ReadAllText(TestPaths.Shakespeare));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void KvCacheDecodingGivesTheSameTokensAsRecomputation(double temperature)
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 48));
        var sampler = new Sampler(model, Tokenizer);
        var prompt = sampler.EncodePrompt("ROMEO:");
        var options = new SamplingOptions { MaxNewTokens = 40, Temperature = temperature, Seed = 42 }; // 6 + 40 ≤ 48: within the context
        var cached = sampler.GenerateIds(prompt, options).ToArray();
        var recomputed = sampler.GenerateIds(prompt, options with { UseKvCache = false }).ToArray();
        Assert.Equal(recomputed, cached);
    }

    [Fact]
    public void GenerationPastTheContextKeepsGoing()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 8));
        var sampler = new Sampler(model, Tokenizer);
        Assert.Equal(30, sampler.GenerateIds(sampler.EncodePrompt("To be"), new SamplingOptions { MaxNewTokens = 30 }).Count());
        Assert.Equal(30, sampler.GenerateIds(sampler.EncodePrompt("To be"), new SamplingOptions { MaxNewTokens = 30, UseKvCache = false }).Count());
    }

    [Fact]
    public void SameSeedSameTextAndStreamingAddsUp()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 32));
        var sampler = new Sampler(model, Tokenizer);
        var options = new SamplingOptions { MaxNewTokens = 25, Temperature = 1.0, Seed = 9 };
        var first = sampler.Generate("First Citizen:", options);
        Assert.Equal(first, sampler.Generate("First Citizen:", options));
        Assert.Equal(first, string.Concat(sampler.Stream("First Citizen:", options)));
        Assert.Equal(25, first.Length); // one character per token
        Assert.NotEqual(first, sampler.Generate("First Citizen:", options with { Seed = 10 }));
    }

    [Fact]
    public void StopSequenceEndsTheTextBeforeIt()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 64));
        var sampler = new Sampler(model, Tokenizer);
        var options = new SamplingOptions { MaxNewTokens = 60, Temperature = 1.0, Seed = 3 };
        var free = sampler.Generate("A", options);
        var stop = free.Substring(10, 2);
        var stopped = sampler.Generate("A", options with { StopSequences = [stop] });
        Assert.Equal(free[..free.IndexOf(stop, StringComparison.Ordinal)], stopped);
    }

    [Fact]
    public void BadPromptsAreOneLineErrors()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 8));
        var sampler = new Sampler(model, Tokenizer);
        var tooLong = Assert.Throws<GptLabException>(() => sampler.EncodePrompt("this prompt is long"));
        Assert.Contains("context is 8", tooLong.Message);
        var unknown = Assert.Throws<GptLabException>(() => sampler.EncodePrompt("café"));
        Assert.Contains("position 3", unknown.Message);
    }
}
