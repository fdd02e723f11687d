using System.Text.Json;
using System.Text.Json.Nodes;
using GptLab.Configuration;

namespace GptLab.Training;

/// <summary>config.json of a checkpoint: the run's settings, the tokenizer, and where training stood.</summary>
public sealed record CheckpointMeta
{
    public required RunConfig Config { get; init; }

    /// <summary>Tokenizer kind ("char", "bpe", "gpt2"); its file is tokenizer.json beside this one.</summary>
    public required string Tokenizer { get; init; }

    public required int VocabSize { get; init; }

    /// <summary>
    /// SHA-256 of the tokenizer.json saved beside the weights: loading refuses another tokenizer, even one of the same size,
    /// whose ids would mean other text to these weights. Null in checkpoints written before it was recorded.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TokenizerSha256 { get; init; }

    /// <summary>Optimizer updates completed when this was saved.</summary>
    public required long Step { get; init; }

    public double? TrainLoss { get; init; }

    public double? ValLoss { get; init; }

    /// <summary>Best validation loss so far and evaluations since it: early stopping resumes from them.</summary>
    public double? BestValLoss { get; init; }

    public int EvalsSinceBest { get; init; }

    /// <summary>
    /// Step of the best evaluation when early stopping is on: its weights travel with a checkpoint saved after it
    /// (best_weights.safetensors), and an early-stopped run's checkpoint holds them.
    /// </summary>
    public long? BestStep { get; init; }

    /// <summary>Training seconds so far, summed over resumed sessions.</summary>
    public double ElapsedS { get; init; }

    public string TorchSharp { get; init; } = Runtime.NativeCompatibility.TorchSharpVersion;

    public DateTimeOffset SavedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Whether training ended here: max_steps reached, or early stopping's patience ran out (a method, so it is not a key of config.json).</summary>
    public bool IsFinished() =>
        Step >= Config.Train.MaxSteps || (Config.Train.EarlyStopPatience > 0 && EvalsSinceBest >= Config.Train.EarlyStopPatience);

    /// <summary>Reads a checkpoint's config.json, also one written before the config had its data section (<see cref="ConfigFile.Upgrade"/>).</summary>
    public static CheckpointMeta Read(string path)
    {
        const string writtenBy = "`gptlab pretrain`";
        if (!File.Exists(path))
            throw new GptLabException($"'{path}' not found: it is written by {writtenBy}");
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject root)
                throw new GptLabException($"'{path}' is not a JSON object: write it again with {writtenBy}");
            if (root["config"] is JsonObject config) ConfigFile.Upgrade(config);
            return root.Deserialize<CheckpointMeta>(Json.Options)
                ?? throw new GptLabException($"'{path}' is empty: write it again with {writtenBy}");
        }
        catch (JsonException e)
        {
            throw new GptLabException($"'{path}' is not valid ({e.Message}): fix it or write it again with {writtenBy}");
        }
    }
}
