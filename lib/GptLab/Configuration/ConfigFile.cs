using System.Text.Json;
using System.Text.Json.Nodes;

namespace GptLab.Configuration;

/// <summary>
/// A run config as JSON, like nanoGPT's configurator: a file holding any subset of the keys (nested objects merge key by
/// key) layered on a preset; unknown keys are errors. Files and checkpoints written before the data section and the
/// top-level dtype existed are read too (<see cref="Upgrade"/>).
/// </summary>
public static class ConfigFile
{
    /// <summary><paramref name="baseConfig"/> with every key present in the JSON file <paramref name="path"/> replaced.</summary>
    public static RunConfig Apply(RunConfig baseConfig, string path, string verb)
    {
        if (!File.Exists(path))
            throw new GptLabException($"config file '{path}' not found: pass an existing JSON file to --config (see docs/configuration.md)");
        JsonNode? overrides;
        try
        {
            overrides = JsonNode.Parse(IO.InputFile.ReadAllText(path, IO.InputFile.MaxSettingsBytes, $"config file '{path}'",
                "pass a JSON file of settings to --config (see docs/configuration.md)"));
        }
        catch (JsonException e)
        {
            throw new GptLabException($"config file '{path}' is not valid JSON ({e.Message}): fix the syntax");
        }
        if (overrides is not JsonObject obj)
            throw new GptLabException($"config file '{path}' must hold a JSON object like {{\"train\": {{\"max_steps\": 500}}}}");
        RefuseRepeatedKeys(obj, path);
        Upgrade(obj);
        if (Stage.InheritsModel(baseConfig.Stage))
            foreach (var inherited in new[] { "model", "data" }.Where(obj.ContainsKey))
                throw new GptLabException($"config file '{path}' sets '{inherited}', but `gptlab {verb}` takes the model shape and data of its base run: remove that section");
        var merged = JsonSerializer.SerializeToNode(baseConfig, Json.Options)!.AsObject();
        Merge(merged, obj);
        try
        {
            return merged.Deserialize<RunConfig>(Json.Options)!;
        }
        catch (JsonException e)
        {
            throw new GptLabException($"config file '{path}': {e.Message} Use the keys shown by `gptlab {verb} --print-config`");
        }
    }

    /// <summary>
    /// The JSON a verb prints for <c>--print-config</c>: what <see cref="Apply"/> accepts back from a file. A fine-tuning
    /// stage leaves out the sections it takes from its base run.
    /// </summary>
    public static string Print(RunConfig config)
    {
        var node = JsonSerializer.SerializeToNode(config, Json.Options)!.AsObject();
        if (Stage.InheritsModel(config.Stage))
        {
            node.Remove("model");
            node.Remove("data");
            node.Remove("parent");
        }
        return node.ToJsonString(Json.Options);
    }

    /// <summary>
    /// Rewrites a run config written by an earlier GptLab in place: the data keys of "train" (data, tokenizer,
    /// bpe_vocab_size, special_tokens, val_fraction) move to a "data" section (data → corpus), train.dtype becomes the
    /// top-level "dtype" (before 2026-12), and sft.lora_rank and sft.lora_alpha move to "train" (before 2026-12-08).
    /// Current configs pass unchanged.
    /// </summary>
    public static void Upgrade(JsonObject run)
    {
        if (run["sft"] is JsonObject sft)
            foreach (var key in new[] { "lora_rank", "lora_alpha" })
                if (sft.Remove(key, out var lora))
                {
                    if (run["train"] is not JsonObject) run["train"] = new JsonObject();
                    run["train"]![key] = lora;
                }
        if (run["train"] is not JsonObject train) return;
        var data = run["data"] as JsonObject ?? new JsonObject();
        foreach (var (old, now) in new[] { ("data", "corpus"), ("tokenizer", "tokenizer"), ("bpe_vocab_size", "bpe_vocab_size"), ("special_tokens", "special_tokens"), ("val_fraction", "val_fraction") })
            if (train.Remove(old, out var value)) data[now] = value;
        if (data.Count > 0) run["data"] = data;
        if (train.Remove("dtype", out var dtype)) run["dtype"] = dtype;
    }

    // Maps whose keys are data (family names), not settings: a file's map is the whole map, so a printed config reads back as itself.
    private static readonly HashSet<string> WholeMaps = ["train_by_family"];

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing && !WholeMaps.Contains(key)) Merge(existing, child);
            else target[key] = value?.DeepClone();
        }
    }

    // System.Text.Json keeps a key written twice and fails only when the object is first read ("An item with the same key
    // has already been added"): every object is read here, so the file is refused in one line naming the key.
    private static void RefuseRepeatedKeys(JsonNode? node, string path)
    {
        try
        {
            foreach (var child in node switch { JsonObject o => o.Select(kv => kv.Value), JsonArray a => a, _ => [] })
                RefuseRepeatedKeys(child, path);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            var key = e.Message.Split("Key: ").ElementAtOrDefault(1)?.Split(' ')[0] ?? "a key";
            throw new GptLabException($"config file '{path}' sets {key} twice in one object: keep one of them");
        }
    }
}
