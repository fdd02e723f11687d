using System.Text.Json;

namespace GptLab.Training;

/// <summary>metrics.jsonl: one JSON object per line, appended as training goes, read back by notebooks and tests.</summary>
public static class MetricsLog
{
    public static void Append(string path, MetricRecord record) =>
        File.AppendAllText(path, JsonSerializer.Serialize(record, Json.Line) + "\n");

    public static IReadOnlyList<MetricRecord> Read(string path) =>
        !File.Exists(path)
            ? []
            : File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<MetricRecord>(l, Json.Line)!).ToList();
}
