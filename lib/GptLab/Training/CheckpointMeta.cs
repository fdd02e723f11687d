namespace GptLab.Training;

/// <summary>config.json of a checkpoint: the run's settings, the tokenizer, and where training stood.</summary>
public sealed record CheckpointMeta
{
    public required RunConfig Config { get; init; }

    /// <summary>Tokenizer kind ("char", "bpe", "gpt2"); its file is tokenizer.json beside this one.</summary>
    public required string Tokenizer { get; init; }

    public required int VocabSize { get; init; }

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
}
