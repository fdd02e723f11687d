using System.Text.Json.Serialization;

namespace GptLab.Training;

/// <summary>One line of metrics.jsonl. <see cref="ValLoss"/> and <see cref="TrainEvalLoss"/> are set on evaluation steps only.</summary>
public sealed record MetricRecord
{
    /// <summary>Optimizer updates completed.</summary>
    public long Step { get; init; }

    /// <summary>Training loss of the last update (mean over its micro-batches).</summary>
    public double Loss { get; init; }

    /// <summary>Validation loss estimated over eval_iters batches.</summary>
    public double? ValLoss { get; init; }

    /// <summary>Training loss estimated like <see cref="ValLoss"/> (eval mode, many batches): the fair comparison.</summary>
    public double? TrainEvalLoss { get; init; }

    /// <summary>Validation accuracy, for classification objectives (absent otherwise).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ValAccuracy { get; init; }

    /// <summary>Training accuracy on the fixed evaluation batches, for classification objectives.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TrainAccuracy { get; init; }

    /// <summary>Mean reward margin on the training pairs evaluated, for preference objectives.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TrainMargin { get; init; }

    /// <summary>Mean reward margin on the validation pairs, for preference objectives.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ValMargin { get; init; }

    /// <summary>Per-token KL of the policy to its reference on the validation pairs, for preference objectives.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ValKl { get; init; }

    /// <summary>Mean reward of the update's sampled answers, for reinforcement learning objectives.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Reward { get; init; }

    /// <summary>The update's groups whose answers were all rewarded alike (no learning signal), for reinforcement learning objectives.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FlatGroups { get; init; }

    public double Lr { get; init; }

    /// <summary>Global gradient norm before clipping.</summary>
    public double GradNorm { get; init; }

    public double TokensPerS { get; init; }

    public double ElapsedS { get; init; }
}
