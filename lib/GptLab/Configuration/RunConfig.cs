using System.Text.Json;
using System.Text.Json.Serialization;
using GptLab.Model;

namespace GptLab.Configuration;

/// <summary>
/// Everything that defines a run, in sections, as stored in a checkpoint's config.json and accepted by <c>--config</c>:
/// the model shape, the data, the training settings, one section per fine-tuning stage that needs its own, the
/// precision, the stage and where it came from. <see cref="ConfigResolver"/> is the one way to build it.
/// </summary>
public sealed record RunConfig
{
    public GptConfig Model { get; init; } = new();

    public DataConfig Data { get; init; } = new();

    public TrainConfig Train { get; init; } = new();

    /// <summary>Supervised fine-tuning settings; null for the other stages.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SftConfig? Sft { get; init; }

    /// <summary>Discriminative fine-tuning settings; null for the other stages.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClassifyConfig? Classify { get; init; }

    /// <summary>Preference tuning settings (direct preference optimisation); null for the other stages.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DpoConfig? Dpo { get; init; }

    /// <summary>Reward model settings; null for the other stages.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RewardConfig? Reward { get; init; }

    /// <summary>Reinforcement learning settings; null for the other stages.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RlConfig? Rl { get; init; }

    /// <summary>
    /// The precision of the matmuls (<see cref="Precision"/>): "float32", or "bfloat16" for bf16 matmuls with fp32 master
    /// weights; "auto" asks the stage to measure which (<c>PrecisionChoice</c>), and the checkpoint saves the one it chose,
    /// so a loaded model computes as it trained.
    /// </summary>
    public string Dtype { get; init; } = Precision.Float32;

    /// <summary>One of <see cref="Configuration.Stage"/>: "base" for pretraining; later stages (sft, classifier, dpo, reward, rl) record their own.</summary>
    public string Stage { get; init; } = Configuration.Stage.Base;

    /// <summary>The checkpoint this run started from, for stages built on another (null for pretraining).</summary>
    public string? Parent { get; init; }

    /// <summary>This config with the model's vocabulary set to the tokenizer's (it is never chosen by hand).</summary>
    public RunConfig WithVocabSize(int vocabSize) => this with { Model = Model with { VocabSize = vocabSize } };

    /// <summary>A freshly initialised GPT of this run's shape and precision.</summary>
    public Gpt CreateModel() => new(Model, Dtype);

    /// <summary>Throws <see cref="GptLabException"/> naming the first bad value of any section.</summary>
    public RunConfig Validate()
    {
        if (!Configuration.Stage.All.Contains(Stage))
            throw new GptLabException($"invalid run config: stage='{Stage}' must be one of {string.Join(", ", Configuration.Stage.All)}");
        if (!Precision.Settings.Contains(Dtype))
            throw new GptLabException($"invalid run config: dtype='{Dtype}' must be {string.Join(", ", Precision.Settings)}; fix it in --config or --dtype");
        Model.Validate();
        if (Math.Max(Model.LoraRank, Train.LoraRank) is > 0 and var rank && !Configuration.Stage.TakesAdapters(Stage))
            throw new GptLabException($"invalid run config: lora_rank={rank}, but stage '{Stage}' trains every weight: LoRA adapters are a setting of sft, dpo and rl (`gptlab sft --lora {rank}`); remove it");
        Data.Validate();
        Train.Validate();
        Sft?.Validate();
        Classify?.Validate();
        Dpo?.Validate();
        Reward?.Validate();
        Rl?.Validate();
        // Fine-tuning, DPO and RL pad their conversations to the longest of a batch, far below block_size: each of these
        // stages checks its own once its data is rendered.
        if (Stage is not (Configuration.Stage.Sft or Configuration.Stage.Dpo or Configuration.Stage.Rl))
            CheckActivations(Train.BatchSize, Model.BlockSize, $"block_size={Model.BlockSize}");
        return this;
    }

    /// <summary>
    /// Refuses, in one line, a micro-batch of <paramref name="sequences"/> sequences of <paramref name="tokens"/> whose
    /// activations cannot fit in this machine's memory (<see cref="BatchActivationBytes"/>); <paramref name="what"/> names
    /// the length in the message.
    /// </summary>
    public void CheckActivations(long sequences, int tokens, string what)
    {
        var (need, have) = (BatchActivationBytes(sequences, tokens), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        if (need > have)
            throw new GptLabException(
                $"invalid run config: batch_size={Train.BatchSize} with {what} needs about {need / 1e9:N1} GB of activations " +
                $"a step, more than this machine's {have / 1e9:N1} GB: use a smaller --batch-size (grad_accum keeps the tokens per step)");
    }

    /// <summary>
    /// A rough estimate, in bytes, of what one micro-batch of <paramref name="sequences"/> sequences of <paramref name="tokens"/>
    /// (batch_size windows of block_size when not given) keeps in memory through forward and backward: per token the logits
    /// three times over (values, softmax, gradient) and, per layer, about 16 widths of activations and the attention weights
    /// of every head twice. Computed in doubles, so no batch size overflows it.
    /// </summary>
    public double BatchActivationBytes(long? sequences = null, int? tokens = null)
    {
        var (B, T) = ((double)(sequences ?? Train.BatchSize), (double)(tokens ?? Model.BlockSize));
        return 4.0 * B * T * (3.0 * Model.VocabSize + Model.NLayer * (16.0 * Model.NEmbd + 2.0 * Model.NHead * T));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);
}
