using GptLab.IO;
using GptLab.Data;
using static TorchSharp.torch;

namespace GptLab.Tests.Data;

public class DataTests
{
    [Fact]
    public void ShakespearePreparesLikeNanoGpt()
    {
        var data = TorchFixture.ShakespeareChars;
        Assert.Equal(65, data.Meta.VocabSize);
        Assert.Equal(1_003_854, data.Meta.TrainTokens); // nanoGPT's shakespeare_char prepare.py prints these
        Assert.Equal(111_540, data.Meta.ValTokens);
        Assert.Equal("uint16", data.Meta.Dtype);
        Assert.Equal(2 * 1_003_854, new FileInfo(Path.Combine(data.Folder, RunFiles.TrainTokens)).Length); // flat uint16, no header
    }

    [Fact]
    public void PreparingTheSameCorpusAgainReusesTheFiles()
    {
        var data = TorchFixture.ShakespeareChars;
        var written = File.GetLastWriteTimeUtc(Path.Combine(data.Folder, RunFiles.TrainTokens));
        var again = TokenDataset.Prepare(TestPaths.Shakespeare, "char", 512, 0.1, data.Folder);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(data.Folder, RunFiles.TrainTokens)));
        Assert.Equal(data.Train, again.Train);
    }

    [Fact]
    public void TokenFilesRoundTripInBothWidths()
    {
        var folder = TestPaths.NewTempFolder("tokens");
        int[] small = [0, 1, 65_535, 42];
        TokenFile.Write(Path.Combine(folder, "a.bin"), small, 65_536);
        Assert.Equal(8, new FileInfo(Path.Combine(folder, "a.bin")).Length);
        Assert.Equal(small, TokenFile.Read(Path.Combine(folder, "a.bin"), 65_536));
        int[] large = [0, 70_000, 99_999];
        TokenFile.Write(Path.Combine(folder, "b.bin"), large, 100_000);
        Assert.Equal(large, TokenFile.Read(Path.Combine(folder, "b.bin"), 100_000));
        var e = Assert.Throws<GptLabException>(() => TokenFile.Read(Path.Combine(folder, "a.bin"), 100));
        Assert.Contains("another tokenizer", e.Message);
    }

    [Fact]
    public void BatchesAreShiftedWindowsAndRepeatablePerStep()
    {
        var tokens = Enumerable.Range(0, 1000).ToArray();
        var sampler = new BatchSampler(tokens, batchSize: 4, blockSize: 8, seed: 5);
        var (x, y) = sampler.Sample(step: 3, micro: 0, CPU);
        Assert.Equal([4, 8], x.shape);
        long[] Values(Tensor t) => t.data<long>().ToArray();
        Assert.Equal(Values(x).Select(v => v + 1), Values(y)); // targets are the inputs shifted by one token
        var (x2, _) = sampler.Sample(step: 3, micro: 0, CPU);
        Assert.Equal(Values(x), Values(x2));
        var (x3, _) = sampler.Sample(step: 4, micro: 0, CPU);
        Assert.NotEqual(Values(x), Values(x3));
    }

    [Fact]
    public void CorpusProblemsNameTheFix()
    {
        var folder = TestPaths.NewTempFolder("corpus");
        var missing = Assert.Throws<GptLabException>(() => Corpus.Load(Path.Combine(folder, "nope.txt")));
        Assert.Contains("not found", missing.Message);
        Assert.Contains("--data", missing.Message);
        File.WriteAllText(Path.Combine(folder, "empty.txt"), "");
        var empty = Assert.Throws<GptLabException>(() => Corpus.Load(Path.Combine(folder, "empty.txt")));
        Assert.Contains("is empty", empty.Message);
        var tooShort = Assert.Throws<GptLabException>(() => new BatchSampler([1, 2, 3], 2, 8, 0));
        Assert.Contains("block_size", tooShort.Message);
    }

    [Fact]
    public void ACorpusListJoinsItsFilesAndSpecialTokensGetTheirOwnIds()
    {
        var folder = TestPaths.NewTempFolder("corpus-list");
        var (facts, stories) = (Path.Combine(folder, "facts.txt"), Path.Combine(folder, "stories.txt"));
        File.WriteAllText(facts, string.Concat(Enumerable.Repeat("Tobin has a pet goat.\n<|endoftext|>\n", 40)));
        File.WriteAllText(stories, string.Concat(Enumerable.Repeat("The cat sat on the mat.\n<|endoftext|>\n", 40)));
        var list = $"{facts};{stories}";
        Assert.Equal(File.ReadAllText(facts) + File.ReadAllText(stories), Corpus.Load(list));

        string[] specials = ["<|endoftext|>", "<|user|>"];
        var data = TokenDataset.Prepare(list, "bpe", 270, 0.1, Path.Combine(folder, "data"), specials);
        Assert.Equal(specials, data.Meta.SpecialTokens);
        Assert.Contains(";", data.Meta.Corpus);
        var endOfText = data.Tokenizer.SpecialTokens["<|endoftext|>"];
        Assert.Equal(80, data.Train.Count(id => id == endOfText) + data.Val.Count(id => id == endOfText)); // one id per separator, never split into bytes
        Assert.Equal(specials, TokenDataset.Prepare(list, "bpe", 270, 0.1, data.Folder, specials).Meta.SpecialTokens);
        Assert.Empty(TokenDataset.Prepare(list, "bpe", 270, 0.1, data.Folder).Meta.SpecialTokens); // other specials: prepared again
        Assert.Contains("need the bpe tokenizer", Assert.Throws<GptLabException>(() => TokenDataset.Prepare(list, "char", 300, 0.1, Path.Combine(folder, "c"), specials)).Message);
    }

    [Fact]
    public void AGivenTokenizerEncodesTheCorpusAndATextItCannotReadLeavesTheFolderAsItWas()
    {
        var folder = TestPaths.NewTempFolder("given-tokenizer");
        var tokenizer = GptLab.Tokenization.CharTokenizer.FromCorpus("abc .\n");
        var corpus = Path.Combine(folder, "corpus.txt");
        File.WriteAllText(corpus, "abc cab.\nbca abc.\n");
        var data = TokenDataset.Prepare(corpus, tokenizer, 0.5, Path.Combine(folder, "data"));
        Assert.Equal(tokenizer.Encode(Corpus.Split("abc cab.\nbca abc.\n", 0.5).Train), data.Train);
        Assert.Equal(tokenizer.VocabSize, TokenDataset.Open(data.Folder).Tokenizer.VocabSize);

        File.WriteAllText(corpus, "abz\n");
        var error = Assert.Throws<GptLabException>(() => TokenDataset.Prepare(corpus, tokenizer, 0.5, data.Folder));
        Assert.Contains("'z'", error.Message);
        Assert.Equal(data.Train, TokenDataset.Open(data.Folder).Train); // the earlier files are untouched
    }
}
