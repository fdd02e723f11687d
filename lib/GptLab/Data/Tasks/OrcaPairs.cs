using System.Text.Json;

namespace GptLab.Data.Tasks;

/// <summary>
/// The Orca DPO pairs the course ships (data/orca_dpo_pairs, MIT; see its PROVENANCE.md): 284 single-turn comparisons of
/// FLAN-style tasks, a GPT-4 or GPT-3.5 answer preferred to a Llama-2-13b-chat one. The system message is put before the
/// user's, as one user turn: the course's chat template has no system role.
/// </summary>
public static class OrcaPairs
{
    /// <summary>Where the course keeps the pairs, relative to the repository root.</summary>
    public const string DefaultPath = "data/orca_dpo_pairs/orca_dpo_pairs_val_simple.jsonl";

    public const string Family = "orca";

    /// <summary>Reads JSON Lines <c>{"system", "prompt", "chosen", "rejected"}</c> (strings) into pairs, each its own unit (its line number).</summary>
    public static IReadOnlyList<PreferencePair> Load(string path)
    {
        if (!File.Exists(path))
            throw new GptLabException($"'{path}' not found: the course ships the Orca pairs as {DefaultPath}");
        var pairs = new List<PreferencePair>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var (system, prompt, chosen, rejected) = Parse(line, path, number);
            var user = system.Length == 0 ? prompt : $"{system}\n\n{prompt}";
            pairs.Add(new PreferencePair(Family, [ChatMessage.FromUser(user)], chosen, rejected, $"line {number}"));
        }
        return pairs;
    }

    private static (string System, string Prompt, string Chosen, string Rejected) Parse(string line, string path, int number)
    {
        const string Fix = "each line must be one JSON object with \"system\", \"prompt\", \"chosen\" and \"rejected\" strings; fix or delete the line";
        try
        {
            using var json = JsonDocument.Parse(line);
            string Text(string key) =>
                json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()!.Trim()
                    : throw new GptLabException($"'{path}' line {number} lacks a \"{key}\" string: {Fix}");
            return (Text("system"), Text("prompt"), Text("chosen"), Text("rejected"));
        }
        catch (JsonException e)
        {
            throw new GptLabException($"'{path}' line {number} is not valid JSON ({e.Message}): {Fix}");
        }
    }
}
