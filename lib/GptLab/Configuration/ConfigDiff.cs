using System.Text.Json;
using System.Text.Json.Nodes;

namespace GptLab.Configuration;

/// <summary>The settings in which two run configs differ, as dotted keys of their JSON ("model.n_layer") with both values.</summary>
public static class ConfigDiff
{
    /// <summary>Keys whose values differ between <paramref name="saved"/> and <paramref name="now"/>, in file order.</summary>
    public static IEnumerable<(string Key, string Saved, string Now)> Between(RunConfig saved, RunConfig now)
    {
        var before = Leaves(JsonSerializer.SerializeToNode(saved, Json.Options), "").ToDictionary(l => l.Key, l => l.Value);
        var after = Leaves(JsonSerializer.SerializeToNode(now, Json.Options), "").ToDictionary(l => l.Key, l => l.Value);
        foreach (var key in before.Keys.Union(after.Keys))
        {
            var (was, @is) = (before.GetValueOrDefault(key, "(none)"), after.GetValueOrDefault(key, "(none)"));
            if (was != @is) yield return (key, was, @is);
        }
    }

    // Every value that is not an object, under its dotted path; arrays compare as a whole.
    private static IEnumerable<(string Key, string Value)> Leaves(JsonNode? node, string prefix)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
                foreach (var leaf in Leaves(child, prefix.Length == 0 ? key : $"{prefix}.{key}")) yield return leaf;
            yield break;
        }
        yield return (prefix, node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "null");
    }
}
