using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using MlBpeTokenizer = Microsoft.ML.Tokenizers.BpeTokenizer;

namespace GptLab.Tokenization;

/// <summary>
/// Byte-level BPE trained by <see cref="BpeTrainer"/> (GPT-2's scheme on a small vocabulary); encoding and
/// decoding are done by Microsoft.ML.Tokenizers. Ids: 0–255 are the bytes, then one per merge in the order
/// learned, then the special tokens. Any text encodes; special-token text inside it becomes the special id.
/// </summary>
public sealed class BpeTokenizer : ITokenizer
{
    private readonly (string Left, string Right)[] _merges;
    private readonly MlBpeTokenizer _bpe;

    /// <summary>Loads merges written in GPT-2's byte-to-character alphabet (merges.txt lines, split in two).</summary>
    internal BpeTokenizer(IReadOnlyList<(string Left, string Right)> merges, IReadOnlyDictionary<string, int> specialTokens)
    {
        var vocabulary = new Dictionary<string, int>();
        foreach (char c in ByteLevel.ByteToChar)
            vocabulary.Add(c.ToString(), vocabulary.Count);
        foreach (var (left, right) in merges)
        {
            if (!vocabulary.ContainsKey(left) || !vocabulary.ContainsKey(right))
                throw new ArgumentException($"merge \"{left} {right}\" uses a token no earlier merge made");
            vocabulary.TryAdd(left + right, vocabulary.Count);
        }
        var expected = Enumerable.Range(vocabulary.Count, specialTokens.Count);
        if (!specialTokens.Values.Order().SequenceEqual(expected))
            throw new ArgumentException($"special token ids must be {vocabulary.Count} onwards, one each");

        _merges = [.. merges];
        SpecialTokens = new Dictionary<string, int>(specialTokens);
        VocabSize = vocabulary.Count + specialTokens.Count;
        _bpe = MlBpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = _merges.Select(m => $"{m.Left} {m.Right}"),
            // Off by default: without it the library drops spaces instead of encoding their bytes.
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(ByteLevel.PreTokenizer(), SpecialTokens),
            SpecialTokens = SpecialTokens,
        });
    }

    /// <inheritdoc/>
    public string Kind => Tokenizers.Bpe;

    /// <inheritdoc/>
    public int VocabSize { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>Number of merges learned; equals VocabSize − 256 − special tokens unless two merges spell the same bytes.</summary>
    public int MergeCount => _merges.Length;

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        TextCheck.ThrowIfUnpairedSurrogate(text, "The text");
        return EncodingChunks.Encode(text, SpecialTokens.Keys, piece => _bpe.EncodeToIds(piece));
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids) =>
        _bpe.Decode(TextCheck.IdsInVocabulary(ids, VocabSize, "the BPE vocabulary"));

    /// <inheritdoc/>
    public void Save(string path) =>
        TokenizerFile.Write(path, new JsonObject
        {
            ["kind"] = Kind,
            ["vocabSize"] = VocabSize,
            ["pattern"] = ByteLevel.Pattern,
            ["merges"] = new JsonArray([.. _merges.Select(m => JsonValue.Create($"{m.Left} {m.Right}"))]),
            ["specialTokens"] = new JsonObject(SpecialTokens.OrderBy(kv => kv.Value)
                .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        });

    internal static BpeTokenizer FromJson(JsonObject json, string path)
    {
        string pattern = TokenizerFile.Required<JsonValue>(json, "pattern", path).GetValue<string>();
        if (pattern != ByteLevel.Pattern)
            throw TokenizerFile.Invalid(path, "its pre-tokenization pattern is not GPT-2's");
        var merges = TokenizerFile.Required<JsonArray>(json, "merges", path)
            .Select(node => node?.GetValue<string>().Split(' ') switch
            {
                [var left, var right] => (left, right),
                _ => throw TokenizerFile.Invalid(path, $"merge \"{node}\" is not two tokens separated by a space"),
            })
            .ToList();
        var specials = TokenizerFile.Required<JsonObject>(json, "specialTokens", path)
            .ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<int>() ?? -1);
        BpeTokenizer tokenizer;
        try
        {
            tokenizer = new BpeTokenizer(merges, specials);
        }
        catch (ArgumentException e)
        {
            throw TokenizerFile.Invalid(path, e.Message);
        }
        if (json["vocabSize"]?.GetValue<int>() is int size && size != tokenizer.VocabSize)
            throw TokenizerFile.Invalid(path, $"it declares {size} tokens but its merges make {tokenizer.VocabSize}");
        return tokenizer;
    }
}
