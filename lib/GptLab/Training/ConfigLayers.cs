using System.Text.Json;
using System.Text.Json.Nodes;

namespace GptLab.Training;

/// <summary>
/// Layers settings like nanoGPT's configurator: a profile, then a JSON file holding any subset of the keys
/// (nested objects merge key by key), then command-line flags. Unknown keys are errors.
/// </summary>
public static class ConfigLayers
{
    /// <summary><paramref name="baseConfig"/> with every key present in the JSON file <paramref name="path"/> replaced.</summary>
    public static RunConfig ApplyFile(RunConfig baseConfig, string path)
    {
        if (!File.Exists(path))
            throw new GptLabException($"config file '{path}' not found: pass an existing JSON file to --config (see docs/configuration.md)");
        JsonNode? overrides;
        try
        {
            overrides = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new GptLabException($"config file '{path}' is not valid JSON ({e.Message}): fix the syntax");
        }
        if (overrides is not JsonObject obj)
            throw new GptLabException($"config file '{path}' must hold a JSON object like {{\"train\": {{\"max_steps\": 500}}}}");
        var merged = JsonSerializer.SerializeToNode(baseConfig, Json.Options)!.AsObject();
        Merge(merged, obj);
        try
        {
            return merged.Deserialize<RunConfig>(Json.Options)!;
        }
        catch (JsonException e)
        {
            throw new GptLabException($"config file '{path}': {e.Message} Use the keys shown by `gptlab pretrain --print-config`");
        }
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing) Merge(existing, child);
            else target[key] = value?.DeepClone();
        }
    }
}
