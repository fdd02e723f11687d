using System.Text.Json;

namespace GptLab.Data.Tasks;

/// <summary>
/// Human-written instruction/response pairs from databricks-dolly-15k (the open_qa category, CC BY-SA 3.0; see
/// data/dolly_open_qa/PROVENANCE.md). Open questions have many right answers, so these examples are scored on
/// format only; a small model learns to answer in the right shape long before it knows the facts.
/// </summary>
public static class DollyPairs
{
    /// <summary>Where the course keeps the pairs, relative to the repository root.</summary>
    public const string DefaultPath = "data/dolly_open_qa/dolly_open_qa.jsonl";

    /// <summary>
    /// Reads JSON Lines <c>{"instruction": ..., "response": ..., "category": ...}</c> into single-turn
    /// <see cref="ChatFamily.Dolly"/> examples, keeping pairs whose instruction and response together have at most
    /// <paramref name="maxChars"/> characters (a small model's context is short) and skipping pairs with an empty side.
    /// </summary>
    public static IReadOnlyList<ChatExample> Load(string path, int maxChars)
    {
        if (maxChars < 2) throw new GptLabException($"maxChars must be at least 2 (one character each side), got {maxChars}");
        if (!File.Exists(path))
            throw new GptLabException($"'{path}' not found: the course ships the Dolly pairs as {DefaultPath}");
        var examples = new List<ChatExample>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var (instruction, response) = Parse(line, path, number);
            if (instruction.Length == 0 || response.Length == 0 || instruction.Length + response.Length > maxChars) continue;
            examples.Add(new ChatExample(ChatFamily.Dolly,
                [ChatMessage.FromUser(instruction), ChatMessage.FromAssistant(response)], ExactAnswer: false));
        }
        return examples;
    }

    private static (string Instruction, string Response) Parse(string line, string path, int number)
    {
        const string Fix = "each line must be one JSON object with \"instruction\" and \"response\" strings; fix or delete the line";
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("instruction", out var instruction) && instruction.ValueKind == JsonValueKind.String
                && json.RootElement.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.String
                ? (instruction.GetString()!.Trim(), response.GetString()!.Trim())
                : throw new GptLabException($"'{path}' line {number} lacks an \"instruction\" or \"response\" string: {Fix}");
        }
        catch (JsonException e)
        {
            throw new GptLabException($"'{path}' line {number} is not valid JSON ({e.Message}): {Fix}");
        }
    }
}
