using GptLab.Tokenization;

namespace GptLab.Tests.Tokenization;

public sealed class TokenizerFileTests : IDisposable
{
    private const string Corpus = "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n";
    private readonly string _folder = Directory.CreateTempSubdirectory("gptlab-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Kinds => [.. Tokenizers.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Save_then_load_gives_identical_encodings(string kind)
    {
        var tokenizer = kind == "bpe"
            ? BpeTrainer.Train(Corpus, 300, ["<|endoftext|>"])
            : Tokenizers.Create(kind, Corpus, 300);
        string path = Path.Combine(_folder, "sub", "tokenizer.json");

        tokenizer.Save(path);
        tokenizer.Save(path);  // overwrites in place
        var loaded = TokenizerFile.Load(path);

        Assert.Equal(kind, loaded.Kind);
        Assert.Equal(tokenizer.VocabSize, loaded.VocabSize);
        Assert.Equal(tokenizer.SpecialTokens, loaded.SpecialTokens);
        Assert.Equal(tokenizer.Encode(Corpus), loaded.Encode(Corpus));
        Assert.Equal(Corpus, loaded.Decode(loaded.Encode(Corpus)));
        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "sub")));  // no temporary file left behind
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"kind\": \"wordpiece\"}")]
    [InlineData("{\"kind\": 3}")]
    [InlineData("{\"kind\": \"char\"}")]
    [InlineData("{\"kind\": \"char\", \"symbols\": [\"ab\"]}")]
    [InlineData("{\"kind\": \"bpe\", \"pattern\": \"x\", \"merges\": [], \"specialTokens\": {}}")]
    public void Bad_file_is_a_GptLabException_naming_the_path_and_the_fix(string? content)
    {
        string path = Path.Combine(_folder, "tokenizer.json");
        if (content is not null)
            File.WriteAllText(path, content);

        var error = Assert.Throws<GptLabException>(() => TokenizerFile.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("gptlab prepare", error.Message);
    }

    [Fact]
    public void Bpe_file_with_a_broken_merge_is_rejected()
    {
        string path = Path.Combine(_folder, "tokenizer.json");
        BpeTrainer.Train(Corpus, 300).Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"merges\": [", "\"merges\": [\"zzz q\", "));

        Assert.Throws<GptLabException>(() => TokenizerFile.Load(path));
    }

    [Fact]
    public void Unknown_kind_lists_the_valid_ones()
    {
        var error = Assert.Throws<GptLabException>(() => Tokenizers.Create("wordpiece", Corpus, 300));

        Assert.Contains("char, bpe, gpt2", error.Message);
    }
}
