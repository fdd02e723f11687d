using System.Text.Json;
using System.Text.Json.Serialization;

namespace GptLab;

/// <summary>One set of JSON settings for every file GptLab writes: indented, snake_case names, strict reads.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, // a typo in a config key is an error, not a silent default
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // files and terminals, not HTML: keep "libstdc++" readable
    };

    /// <summary>Compact, for JSON Lines and --json output.</summary>
    public static readonly JsonSerializerOptions Line = new(Options) { WriteIndented = false };

    /// <summary>Reads <typeparamref name="T"/> from a file; any problem becomes one line naming the file and the fix.</summary>
    public static T ReadFile<T>(string path, string writtenBy)
    {
        if (!File.Exists(path))
            throw new GptLabException($"'{path}' not found: it is written by {writtenBy}");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                ?? throw new GptLabException($"'{path}' is empty: write it again with {writtenBy}");
        }
        catch (JsonException e)
        {
            throw new GptLabException($"'{path}' is not valid ({e.Message}): fix it or write it again with {writtenBy}");
        }
    }
}
