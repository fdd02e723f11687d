using System.Text.Json;
using System.Text.Json.Serialization;
using GptLab.Model;

namespace GptLab.Training;

/// <summary>
/// Everything that defines a run, as stored in a checkpoint's config.json and accepted by <c>--config</c>:
/// the model shape, the training settings, the stage (base, sft, …) and where it came from.
/// </summary>
public sealed record RunConfig
{
    public GptConfig Model { get; init; } = new();

    public TrainConfig Train { get; init; } = new();

    /// <summary>"base" for pretraining; later stages (sft, classifier) record their own.</summary>
    public string Stage { get; init; } = "base";

    /// <summary>Supervised fine-tuning settings; null for the other stages.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SftConfig? Sft { get; init; }

    /// <summary>The checkpoint this run started from, for stages built on another (null for pretraining).</summary>
    public string? Parent { get; init; }

    /// <summary>This config with the model's vocabulary set to the tokenizer's (it is never chosen by hand).</summary>
    public RunConfig WithVocabSize(int vocabSize) => this with { Model = Model with { VocabSize = vocabSize } };

    public RunConfig Validate()
    {
        Model.Validate();
        Train.Validate();
        Sft?.Validate();
        return this;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);
}
