using GptLab.Experiments;
using GptLab.Tokenization;

namespace GptLab.Tests.Experiments;

/// <summary>Tiny Shakespeare and the standard comparison set (char, bpe-512, gpt2), built once for the tokenizer tests.</summary>
public sealed class ShakespeareTokenizers
{
    public string Corpus { get; } = File.ReadAllText(TestPaths.Shakespeare);

    public IReadOnlyDictionary<string, ITokenizer> Tokenizers { get; }

    public ShakespeareTokenizers() => Tokenizers = TokenizerComparison.Standard(Corpus, 512);
}
