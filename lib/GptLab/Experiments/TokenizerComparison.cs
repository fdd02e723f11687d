using System.Diagnostics;
using System.Text;
using GptLab.Data;
using GptLab.Tokenization;

namespace GptLab.Experiments;

/// <summary>
/// Tokenizers side by side on the same texts: vocabulary size against sequence length, BPE's compression curve,
/// how a rare word is split, and what the length costs in attention. A tokenizer that cannot encode a text (the
/// char tokenizer meets a character its corpus lacked) is reported as "cannot encode", never thrown.
/// </summary>
public static class TokenizerComparison
{
    /// <summary>Vocabulary sizes of <see cref="CompressionCurve"/> when none are given.</summary>
    public static IReadOnlyList<int> CurveVocabSizes { get; } = [256, 512, 1024, 2048, 4096];

    /// <summary>
    /// "char" and one "bpe-N" per size (default 512 and 2048), trained on the first 90% of <paramref name="corpus"/>
    /// so <see cref="SampleTexts.Shakespeare"/> is unseen, then "gpt2". nanoGPT's equivalents are shakespeare_char's
    /// vocabulary and <c>tiktoken.get_encoding("gpt2")</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, ITokenizer> Standard(string corpus, params int[] bpeVocabSizes)
    {
        var train = Corpus.Split(corpus, 0.1).Train;
        var tokenizers = new OrderedDictionary<string, ITokenizer> { ["char"] = CharTokenizer.FromCorpus(train) };
        foreach (var size in bpeVocabSizes.Length > 0 ? bpeVocabSizes : [512, 2048])
            tokenizers[$"bpe-{size}"] = BpeTrainer.Train(train, size);
        tokenizers["gpt2"] = new Gpt2Tokenizer();
        return tokenizers;
    }

    /// <summary>Every text through every tokenizer, text by text: characters, bytes, tokens, tokens per character.</summary>
    public static IReadOnlyList<TokenCount> Count(IReadOnlyDictionary<string, ITokenizer> tokenizers, IReadOnlyDictionary<string, string> texts) =>
        [.. from text in texts
            from t in tokenizers
            let e = Encode(t.Value, text.Value)
            select new TokenCount(t.Key, text.Key, t.Value.VocabSize, Characters(text.Value), Encoding.UTF8.GetByteCount(text.Value), e.Ids?.Length, e.Problem)];

    /// <summary>
    /// Tokens per character of the held-out end of <paramref name="corpus"/> for BPE vocabularies of each size
    /// (default <see cref="CurveVocabSizes"/>), trained on the rest. Cheap: well under a second per size on tiny Shakespeare.
    /// </summary>
    public static IReadOnlyList<CompressionPoint> CompressionCurve(string corpus, IReadOnlyList<int>? vocabSizes = null, double heldOutFraction = 0.1)
    {
        var (train, heldOut) = Corpus.Split(corpus, heldOutFraction);
        var characters = Characters(heldOut);
        var points = new List<CompressionPoint>();
        foreach (var size in vocabSizes ?? CurveVocabSizes)
        {
            var clock = Stopwatch.StartNew();
            var bpe = BpeTrainer.Train(train, size);
            var seconds = clock.Elapsed.TotalSeconds;
            points.Add(new CompressionPoint(size, characters, bpe.Encode(heldOut).Length, seconds));
        }
        return points;
    }

    /// <summary>The pieces each tokenizer cuts <paramref name="word"/> into (try a rare one, e.g. "unfathomable").</summary>
    public static IReadOnlyList<TokenPieces> Pieces(IReadOnlyDictionary<string, ITokenizer> tokenizers, string word) =>
        [.. from t in tokenizers
            let e = Encode(t.Value, word)
            select new TokenPieces(t.Key, e.Ids?.Select(id => t.Value.Decode([id])).ToArray(), e.Problem)];

    /// <summary>
    /// The cost of <paramref name="text"/>'s length under each tokenizer that can encode it: T, T², characters per
    /// context of <paramref name="blockSize"/>, and embedding parameters at width <paramref name="nEmbd"/>
    /// (defaults: nanoGPT's shakespeare-char model, 256 and 384).
    /// </summary>
    public static IReadOnlyList<SequenceCost> SequenceCosts(IReadOnlyDictionary<string, ITokenizer> tokenizers, string text, int blockSize = 256, int nEmbd = 384)
    {
        if (string.IsNullOrEmpty(text))
            throw new GptLabException("the text is empty: give a few sentences to compare sequence lengths on");
        var characters = Characters(text);
        var lengths = tokenizers.Select(t => (t.Key, t.Value, Encode(t.Value, text).Ids))
            .Where(x => x.Ids is { Length: > 0 }).ToList();
        if (lengths.Count == 0) return [];
        var shortest = lengths.Min(x => (long)x.Ids!.Length * x.Ids.Length);
        return [.. lengths.Select(x =>
        {
            long T = x.Ids!.Length;
            return new SequenceCost(x.Key, x.Value.VocabSize, (int)T, T * T, T * T / (double)shortest,
                blockSize * (double)characters / T, (long)x.Value.VocabSize * nEmbd);
        })];
    }

    // Unicode code points, as the char tokenizer counts them.
    private static int Characters(string text) => text.EnumerateRunes().Count();

    // The ids, or null and "cannot encode 'X'" naming the first character the tokenizer has no id for.
    private static (int[]? Ids, string? Problem) Encode(ITokenizer tokenizer, string text)
    {
        if (TryEncode(tokenizer, text) is { } ids) return (ids, null);
        var missing = text.EnumerateRunes().Select(r => (Rune?)r).FirstOrDefault(r => TryEncode(tokenizer, r.ToString()!) is null);
        return (null, missing is { } rune ? $"cannot encode '{rune}'" : "cannot encode");
    }

    private static int[]? TryEncode(ITokenizer tokenizer, string text)
    {
        try { return tokenizer.Encode(text); }
        catch (GptLabException) { return null; }
    }
}
