using System.Diagnostics;
using GptLab.Tokenization;

namespace GptLab.Tests.Tokenization;

/// <summary>A 512-token BPE trained once on tiny Shakespeare, shared by the tests of <see cref="BpeTokenizerTests"/>.</summary>
public sealed class ShakespeareBpe
{
    public string Text { get; } = File.ReadAllText(TestPaths.Shakespeare);

    public BpeTokenizer Tokenizer { get; }

    public TimeSpan TrainingTime { get; }

    public ShakespeareBpe()
    {
        var clock = Stopwatch.StartNew();
        Tokenizer = BpeTrainer.Train(Text, 512);
        TrainingTime = clock.Elapsed;
    }
}
