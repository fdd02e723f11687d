using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GptLab.Tokenization;

/// <summary>
/// One id per character of the training corpus, ids in character order: nanoGPT's shakespeare_char
/// (65 symbols for tiny Shakespeare, '\n' = 0, ' ' = 1). Characters are Unicode code points, so an emoji is
/// one symbol, not two UTF-16 halves.
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    private readonly Rune[] _symbols;
    private readonly Dictionary<Rune, int> _ids;

    private CharTokenizer(Rune[] symbols)
    {
        _symbols = symbols;
        Symbols = Array.ConvertAll(symbols, r => r.ToString());
        _ids = new Dictionary<Rune, int>(symbols.Length);
        for (int i = 0; i < symbols.Length; i++)
            _ids[symbols[i]] = i;
    }

    /// <inheritdoc/>
    public string Kind => Tokenizers.Char;

    /// <inheritdoc/>
    public int VocabSize => _symbols.Length;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; } = new Dictionary<string, int>();

    /// <summary>The vocabulary, in id order: nanoGPT's <c>chars = sorted(list(set(data)))</c>.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Builds the vocabulary from the distinct characters of <paramref name="corpus"/>, sorted by code point.</summary>
    public static CharTokenizer FromCorpus(string corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Length == 0)
            throw new GptLabException("The corpus for the char tokenizer is empty; give it a text file with content.");
        var symbols = ReadRunes(corpus, "The corpus").ToHashSet().ToArray();
        Array.Sort(symbols);
        return new CharTokenizer(symbols);
    }

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length);
        int position = 0;
        foreach (var rune in ReadRunes(text, "The text"))
        {
            if (!_ids.TryGetValue(rune, out int id))
                throw new GptLabException(
                    $"The char tokenizer has no id for {Describe(rune)} at position {position}: it knows only its corpus's " +
                    "characters; leave it out, or train on a corpus that contains it (or with the byte-level --tokenizer bpe).");
            ids.Add(id);
            position += rune.Utf16SequenceLength;
        }
        return [.. ids];
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        foreach (var id in TextCheck.IdsInVocabulary(ids, _symbols.Length, "the char vocabulary"))
            text.Append(_symbols[id].ToString());
        return text.ToString();
    }

    /// <inheritdoc/>
    public void Save(string path) =>
        TokenizerFile.Write(path, new JsonObject
        {
            ["kind"] = Kind,
            ["symbols"] = new JsonArray([.. _symbols.Select(r => JsonValue.Create(r.ToString()))]),
        });

    internal static CharTokenizer FromJson(JsonObject json, string path)
    {
        var symbols = TokenizerFile.Required<JsonArray>(json, "symbols", path)
            .Select(node => node?.GetValue<string>() ?? "")
            .Select(s => Rune.TryGetRuneAt(s, 0, out var rune) && rune.Utf16SequenceLength == s.Length
                ? rune
                : throw TokenizerFile.Invalid(path, $"symbol \"{s}\" is not one character"))
            .ToArray();
        if (symbols.Length == 0 || symbols.Distinct().Count() != symbols.Length)
            throw TokenizerFile.Invalid(path, "its symbols are empty or repeated");
        return new CharTokenizer(symbols);
    }

    // Code points of text; an unpaired surrogate has no code point and cannot be encoded.
    private static IEnumerable<Rune> ReadRunes(string text, string what)
    {
        TextCheck.ThrowIfUnpairedSurrogate(text, what);
        return text.EnumerateRunes();
    }

    // 'é' (U+00E9) when the character can be shown; its escape, e.g. '\u0007', when it cannot.
    private static string Describe(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        bool printable = category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator);
        string code = rune.Value <= 0xFFFF ? $"\\u{rune.Value:x4}" : $"\\U{rune.Value:x8}";
        return printable ? $"'{rune}' ({code})" : $"'{code}'";
    }
}
