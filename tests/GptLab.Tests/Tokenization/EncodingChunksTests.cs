using GptLab.Tokenization;

namespace GptLab.Tests.Tokenization;

/// <summary>Long texts are encoded in pieces that give the ids of the whole, so encoding stays linear in the text.</summary>
public class EncodingChunksTests(ShakespeareBpe shakespeare) : IClassFixture<ShakespeareBpe>
{
    [Fact]
    public void CuttingBeforeASpaceThatFollowsAWordChangesNoIdInEitherTokenizer()
    {
        // Under 4,096 characters each part is encoded whole by the library, so this asks the library itself.
        var text = shakespeare.Text[..3000];
        var gpt2 = new Gpt2Tokenizer();
        foreach (ITokenizer tokenizer in new ITokenizer[] { shakespeare.Tokenizer, gpt2 })
        {
            var whole = tokenizer.Encode(text);
            var cuts = Enumerable.Range(1, text.Length - 1).Where(i => text[i] == ' ' && !char.IsWhiteSpace(text[i - 1])).Where((_, k) => k % 7 == 0).ToList();
            Assert.True(cuts.Count > 50);
            Assert.All(cuts, k => Assert.Equal(whole, (int[])[.. tokenizer.Encode(text[..k]), .. tokenizer.Encode(text[k..])]));
            // The null condition: a cut inside a word changes the ids somewhere.
            Assert.Contains(Enumerable.Range(1, 200), k => !whole.SequenceEqual([.. tokenizer.Encode(text[..k]), .. tokenizer.Encode(text[k..])]));
        }
    }

    [Fact]
    public void ALongTextEncodesAsItsPiecesAndARunWithoutSpacesIsCutOutsideSpecialTokens()
    {
        var text = string.Concat(Enumerable.Repeat(shakespeare.Text[..5000], 4));
        var pieces = EncodingChunks.Pieces(text, []).ToList();
        Assert.Equal(text, string.Concat(pieces.Select(p => text.Substring(p.Start, p.Length))));
        Assert.True(pieces.Count > 1);
        Assert.All(pieces.Skip(1), p => Assert.True(text[p.Start] == ' ' && !char.IsWhiteSpace(text[p.Start - 1]), $"a cut at {p.Start}"));
        Assert.Equal(shakespeare.Tokenizer.Decode(shakespeare.Tokenizer.Encode(text)), text);

        var run = string.Concat(Enumerable.Repeat("onceuponatime", 100)) + "<|endoftext|>" + new string('x', 600);
        var runPieces = EncodingChunks.Pieces(run, ["<|endoftext|>"]).ToList();
        Assert.All(runPieces, p => Assert.InRange(p.Length, 1, EncodingChunks.MaxRun + "<|endoftext|>".Length));
        Assert.Contains(runPieces, p => run.Substring(p.Start, p.Length).Contains("<|endoftext|>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HalfAMegabyteWithoutASpaceEncodesAndDecodesWithoutHanging()
    {
        var text = string.Concat(Enumerable.Repeat("onceuponatimetherewasalittlegirl", 16_000)); // quadratic before: minutes
        var decoded = await Task.Run(() => shakespeare.Tokenizer.Decode(shakespeare.Tokenizer.Encode(text))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(text, decoded);
    }
}
