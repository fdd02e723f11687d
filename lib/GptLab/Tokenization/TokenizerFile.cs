using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GptLab.Tokenization;

/// <summary>
/// The one-file, human-readable JSON form of every tokenizer (nanoGPT's meta.pkl, nanochat's tokenizer.pkl):
/// a "kind" field (char, bpe, gpt2) and what that kind needs to rebuild itself.
/// </summary>
public static class TokenizerFile
{
    /// <summary>The file's name in a prepared data folder and in a checkpoint.</summary>

    // Token text is written as is ("Ġthe", not "\u0120the"): the file is for people too, never embedded in HTML.
    private static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a tokenizer written by <see cref="ITokenizer.Save"/>; throws <see cref="GptLabException"/>
    /// naming the path when the file is missing, unreadable or of an unknown kind.</summary>
    public static ITokenizer Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new GptLabException($"Tokenizer file not found at {path}; it is written by `gptlab prepare`, run that first.");
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw Invalid(path, "it is not a JSON object");
            string? kind = json["kind"]?.GetValue<string>();
            return kind switch
            {
                Tokenizers.Char => CharTokenizer.FromJson(json, path),
                Tokenizers.Bpe => BpeTokenizer.FromJson(json, path),
                Tokenizers.Gpt2 => Gpt2Tokenizer.FromJson(json, path),
                _ => throw Invalid(path, $"its kind \"{kind}\" is not one of {string.Join(", ", Tokenizers.Kinds)}"),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException
            or IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, e.Message.ReplaceLineEndings(" "), e);
        }
    }

    /// <summary>Writes atomically: a temporary file in the same folder, then a rename over <paramref name="path"/>,
    /// so a reader never sees half a tokenizer.</summary>
    internal static void Write(string path, JsonObject json) =>
        IO.AtomicFile.WriteAllText(path, json.ToJsonString(Readable) + "\n");

    /// <summary>The field <paramref name="name"/> of a tokenizer file, or the error that names it.</summary>
    internal static T Required<T>(JsonObject json, string name, string path) where T : JsonNode =>
        json[name] as T ?? throw Invalid(path, $"its \"{name}\" field is missing or of the wrong type");

    /// <summary>The error for a tokenizer file that exists but cannot be used.</summary>
    internal static GptLabException Invalid(string path, string problem, Exception? inner = null)
    {
        string message = $"Tokenizer file {path} is not usable ({problem}); it is written by `gptlab prepare`, run that again.";
        return inner is null ? new GptLabException(message) : new GptLabException(message, inner);
    }
}
