using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>Small seeded models and the Shakespeare character tokenizer for the experiment tests.</summary>
internal static class ExperimentModels
{
    private static readonly Lazy<CharTokenizer> Characters = new(() => CharTokenizer.FromCorpus(File.ReadAllText(TestPaths.Shakespeare)));

    /// <summary>The 65 characters of tiny Shakespeare.</summary>
    public static CharTokenizer Chars => Characters.Value;

    public const string Prompt = "ROMEO:\nBut soft!";

    /// <summary>2 layers, 2 heads, 32 wide, 32 positions, freshly initialised.</summary>
    public static Gpt Small(long seed = 1) => TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 32), seed);

    /// <summary>
    /// A small model with the token embedding (and so the tied head) scaled up: a fresh model's logits are nearly
    /// equal, this one's spread over several nats, like a trained model's.
    /// </summary>
    public static Gpt Peaked(long seed = 1)
    {
        var model = Small(seed);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        model.Body.TokenEmbedding.weight!.mul_(10);
        return model;
    }
}
