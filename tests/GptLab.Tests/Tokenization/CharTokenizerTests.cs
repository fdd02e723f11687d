using GptLab.Tokenization;

namespace GptLab.Tests.Tokenization;

public class CharTokenizerTests
{
    [Fact]
    public void Shakespeare_has_nanoGPTs_65_symbols_and_round_trips()
    {
        string text = File.ReadAllText(TestPaths.Shakespeare);
        var tokenizer = CharTokenizer.FromCorpus(text);

        Assert.Equal(65, tokenizer.VocabSize);
        Assert.Equal(new[] { 0, 1 }, tokenizer.Encode("\n "));
        int[] ids = tokenizer.Encode(text);
        Assert.Equal(text.Length, ids.Length);
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Fact]
    public void Surrogate_pairs_are_one_symbol_and_round_trip()
    {
        var tokenizer = CharTokenizer.FromCorpus("ab😀c\u0301中");

        Assert.Equal(6, tokenizer.VocabSize);
        Assert.Equal("😀", tokenizer.Symbols[^1]);  // sorted by code point: U+1F600 comes last
        const string text = "😀a😀中c\u0301b";
        Assert.Equal(7, tokenizer.Encode(text).Length);
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void Unknown_character_error_names_it_its_position_and_the_fix()
    {
        var tokenizer = CharTokenizer.FromCorpus("abc ");

        var error = Assert.Throws<GptLabException>(() => tokenizer.Encode("ab é"));
        Assert.Contains("'é'", error.Message);
        Assert.Contains("position 3", error.Message);
        Assert.Contains("--tokenizer bpe", error.Message);

        var control = Assert.Throws<GptLabException>(() => tokenizer.Encode("a\u0007"));
        Assert.Contains("'\\u0007'", control.Message);
        Assert.Contains("position 1", control.Message);
    }

    [Fact]
    public void Out_of_range_id_is_rejected()
    {
        var tokenizer = CharTokenizer.FromCorpus("ab");

        Assert.Throws<GptLabException>(() => tokenizer.Decode([2]));
    }
}
