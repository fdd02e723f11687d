using GptLab.Experiments;

namespace GptLab.Tests.Experiments;

public class TokenizerComparisonTests(ShakespeareTokenizers shakespeare) : IClassFixture<ShakespeareTokenizers>
{
    private readonly IReadOnlyDictionary<string, GptLab.Tokenization.ITokenizer> _tokenizers = shakespeare.Tokenizers;

    [Fact]
    public void StandardSetIsCharBpeAndGpt2InOrder()
    {
        Assert.Equal(["char", "bpe-512", "gpt2"], _tokenizers.Keys);
        Assert.Equal(65, _tokenizers["char"].VocabSize); // nanoGPT's shakespeare_char vocabulary
        Assert.Equal(512, _tokenizers["bpe-512"].VocabSize);
        Assert.Equal(50257, _tokenizers["gpt2"].VocabSize);
    }

    [Fact]
    public void CharTokenizerReportsTextsItCannotEncodeInsteadOfThrowing()
    {
        var rows = TokenizerComparison.Count(_tokenizers, SampleTexts.All(shakespeare.Corpus));
        Assert.Equal(6 * 3, rows.Count);
        var english = rows.Single(r => r.Tokenizer == "char" && r.Text == "English");
        Assert.Equal(english.Characters, english.Tokens); // one token per character
        Assert.Equal(1.0, english.TokensPerChar);
        var french = rows.Single(r => r.Tokenizer == "char" && r.Text == "French");
        Assert.Null(french.Tokens);
        Assert.Null(french.TokensPerChar);
        Assert.Equal("cannot encode 'é'", french.Problem); // "L'été": the first character Shakespeare lacks
        Assert.Equal("cannot encode 'В'", rows.Single(r => r.Tokenizer == "char" && r.Text == "Russian").Problem);
        Assert.All(rows.Where(r => r.Tokenizer != "char"), r => Assert.True(r.Tokens > 0 && r.Problem is null)); // byte-level: anything encodes
    }

    [Fact]
    public void ByteLevelTokenizersPayForScriptsTheyWereNotTrainedOn()
    {
        var rows = TokenizerComparison.Count(_tokenizers, SampleTexts.All(shakespeare.Corpus));
        double PerChar(string tokenizer, string text) => rows.Single(r => r.Tokenizer == tokenizer && r.Text == text).TokensPerChar!.Value;
        var russian = rows.First(r => r.Text == "Russian");
        Assert.True(russian.Utf8Bytes > 1.8 * russian.Characters); // Cyrillic letters are two UTF-8 bytes
        Assert.True(PerChar("bpe-512", "Russian") > 1.0); // no merges for Cyrillic: more tokens than characters
        Assert.True(PerChar("gpt2", "Russian") > 2 * PerChar("gpt2", "English"));
        Assert.True(PerChar("bpe-512", "Shakespeare") < PerChar("bpe-512", "C#")); // it compresses what it was trained on
        Assert.True(PerChar("gpt2", "English") < 0.3); // about 4+ characters per token on English prose
    }

    [Fact]
    public void CompressionImprovesWithVocabularySize()
    {
        var curve = TokenizerComparison.CompressionCurve(shakespeare.Corpus, [256, 512, 1024]);
        Assert.Equal([256, 512, 1024], curve.Select(p => p.VocabSize));
        Assert.Equal(1.0, curve[0].TokensPerChar); // 256 = raw bytes, and tiny Shakespeare is ASCII
        Assert.True(curve[1].TokensPerChar < 0.7 && curve[2].TokensPerChar < curve[1].TokensPerChar);
        Assert.All(curve, p => Assert.InRange(p.TrainSeconds, 0, 10));
        Assert.All(curve, p => Assert.Equal(111_540, p.Characters)); // the last 10% of 1,115,394 characters
    }

    [Fact]
    public void PiecesSpellTheWordBackAndBiggerVocabulariesNeedFewer()
    {
        var pieces = TokenizerComparison.Pieces(_tokenizers, "unfathomable");
        Assert.Equal(["u", "n", "f", "a", "t", "h", "o", "m", "a", "b", "l", "e"], pieces[0].Pieces!);
        Assert.All(pieces, p => Assert.Equal("unfathomable", string.Concat(p.Pieces!)));
        Assert.InRange(pieces[1].Pieces!.Count, 2, 11);
        Assert.True(pieces[2].Pieces!.Count <= pieces[1].Pieces!.Count);

        var naive = TokenizerComparison.Pieces(_tokenizers, "naïve");
        Assert.Null(naive[0].Pieces);
        Assert.Equal("cannot encode 'ï'", naive[0].Problem);
        Assert.Equal("naïve", string.Concat(naive[2].Pieces!));
    }

    [Fact]
    public void AttentionCostGrowsWithTheSquareOfTheLength()
    {
        var costs = TokenizerComparison.SequenceCosts(_tokenizers, SampleTexts.English, blockSize: 256, nEmbd: 384);
        var chars = costs.Single(c => c.Tokenizer == "char");
        Assert.Equal(SampleTexts.English.Length, chars.Tokens);
        Assert.Equal(256, chars.CharactersPerContext); // one character per token
        Assert.Equal(65L * 384, chars.EmbeddingParameters);
        Assert.All(costs, c => Assert.Equal((long)c.Tokens * c.Tokens, c.AttentionScores));
        Assert.Equal(1.0, costs.Min(c => c.RelativeAttentionCost));
        Assert.Equal(chars, costs.MaxBy(c => c.RelativeAttentionCost)); // the longest sequence costs the most
        var gpt2 = costs.Single(c => c.Tokenizer == "gpt2");
        Assert.Equal(chars.Tokens * (double)chars.Tokens / (gpt2.Tokens * (double)gpt2.Tokens), chars.RelativeAttentionCost / gpt2.RelativeAttentionCost, 9);

        var code = TokenizerComparison.SequenceCosts(_tokenizers, SampleTexts.CSharp);
        Assert.DoesNotContain(code, c => c.Tokenizer == "char"); // it cannot encode '(' at all
    }

    [Fact]
    public void ShakespeareSampleIsHeldOutAndStartsAtASpeaker()
    {
        var text = SampleTexts.Shakespeare(shakespeare.Corpus);
        Assert.InRange(text.Length, 200, 400);
        Assert.DoesNotContain(text, shakespeare.Corpus[..(int)(shakespeare.Corpus.Length * 0.9)]);
        Assert.Matches("^[A-Z][A-Za-z ]+:\n", text);
    }
}
