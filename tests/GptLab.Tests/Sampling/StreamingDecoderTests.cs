using GptLab.Sampling;
using GptLab.Tests.Chat;
using GptLab.Tokenization;

namespace GptLab.Tests.Sampling;

public class StreamingDecoderTests
{
    private const string Mixed = "I 😀 like 日本語, naïve café and Ünïcödé. Γειά σου κόσμε!";

    private static readonly Lazy<ITokenizer> SmallBpe = new(() => BpeTrainer.Train(
        string.Concat(Enumerable.Repeat("the cat sat on the mat. café naïve 日本語 😀 ", 30)), 280));

    public static TheoryData<string> Kinds => ["gpt2", "bpe"];

    private static ITokenizer Tokenizer(string kind) => kind == "gpt2" ? new Gpt2Tokenizer() : SmallBpe.Value;

    private static (List<string> Pieces, StreamingDecoder Decoder) Stream(Func<IEnumerable<int>, string> decode, IEnumerable<int> ids, params string[] stops)
    {
        var decoder = new StreamingDecoder(decode, stops);
        var pieces = new List<string>();
        foreach (var id in ids)
        {
            var piece = decoder.Push(id);
            if (piece.Length > 0) pieces.Add(piece);
            if (decoder.Stopped) break;
        }
        var rest = decoder.Flush();
        if (rest.Length > 0) pieces.Add(rest);
        return (pieces, decoder);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MultiByteCharactersSplitAcrossTokensComeOutWhole(string kind)
    {
        var tokenizer = Tokenizer(kind);
        var ids = tokenizer.Encode(Mixed);
        Assert.Contains(ids, id => tokenizer.Decode([id]).Contains('\uFFFD')); // some character really is split across ids
        var (pieces, _) = Stream(tokenizer.Decode, ids);
        Assert.Equal(Mixed, string.Concat(pieces));
        Assert.All(pieces, p => Assert.DoesNotContain('\uFFFD', p));
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1]), $"piece '{p}' ends inside a surrogate pair"));
    }

    [Fact]
    public void RandomIdsAddUpToTheWholeDecodeInLinearWork()
    {
        var tokenizer = new Gpt2Tokenizer();
        var random = new Random(7);
        var ids = Enumerable.Range(0, 2000).Select(_ => random.Next(tokenizer.VocabSize - 1)).ToArray(); // no <|endoftext|>
        var decodedIds = 0L;
        string Counting(IEnumerable<int> part)
        {
            var list = part.ToList();
            decodedIds += list.Count;
            return tokenizer.Decode(list);
        }
        var (pieces, _) = Stream(Counting, ids);
        Assert.Equal(tokenizer.Decode(ids), string.Concat(pieces));
        // Re-decoding everything at every id (the old way) costs n²/2 = 2,000,000 ids; this stays a small multiple of n.
        Assert.True(decodedIds < 8L * ids.Length, $"decoded {decodedIds:N0} ids for {ids.Length:N0}");
    }

    [Fact]
    public void StopSequencesEndTheTextAcrossTokenBoundaries()
    {
        var tokenizer = CharTokenizer.FromCorpus("abcdefghijklmnopqrstuvwxyz <>END!");
        var (pieces, decoder) = Stream(tokenizer.Decode, tokenizer.Encode("hello world<END>never seen"), "<END>");
        Assert.Equal("hello world", string.Concat(pieces));
        Assert.True(decoder.Stopped);
        Assert.Equal("", decoder.Push(tokenizer.Encode("x")[0])); // ids after the stop are ignored

        // A near miss is let out once it can no longer become the stop sequence; the earliest of two stops wins.
        Assert.Equal("a <EN> b", string.Concat(Stream(tokenizer.Decode, tokenizer.Encode("a <EN> b"), "<END>").Pieces));
        Assert.Equal("one ", string.Concat(Stream(tokenizer.Decode, tokenizer.Encode("one !two <END>"), "<END>", "!").Pieces));
        Assert.Equal("", string.Concat(Stream(tokenizer.Decode, tokenizer.Encode("<END>at once"), "<END>").Pieces));
        // What might begin a stop sequence is held back until it is decided, never emitted and then taken back.
        var held = new StreamingDecoder(tokenizer.Decode, ["<END>"]);
        Assert.Equal("ab", string.Concat(tokenizer.Encode("ab<E").Select(held.Push)));
        Assert.Equal("<Ex", held.Push(tokenizer.Encode("x")[0]));
    }

    [Fact]
    public void StopSequencesWorkOnMultiByteText()
    {
        var tokenizer = new Gpt2Tokenizer();
        var (pieces, decoder) = Stream(tokenizer.Decode, tokenizer.Encode("日本語😀 stop here 😀 not this"), "😀 not");
        Assert.Equal("日本語😀 stop here ", string.Concat(pieces));
        Assert.True(decoder.Stopped);
    }

    [Fact]
    public void TheChatTemplatesControlTokensAreLeftOut()
    {
        var template = ChatFixture.Template;
        int[] ids = [.. template.EncodeText("Repeat: red cat"), template.EndId];
        var (pieces, _) = Stream(template.DecodeText, ids);
        Assert.Equal("Repeat: red cat", string.Concat(pieces));
        Assert.Equal(template.DecodeText(ids), string.Concat(pieces));
    }
}
