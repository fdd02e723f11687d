namespace GptLab.Configuration;

/// <summary>
/// Discriminative fine-tuning settings (GPT-1's second stage, <c>gptlab classify</c>): the "classify" section of a run's
/// config. The model shape and tokenizer come from the base run; the optimizer settings are the "train" section's.
/// </summary>
public sealed record ClassifyConfig
{
    /// <summary>A labelled task shipped with the repository (<c>animal-or-thing</c>); ignored when you pass your own files.</summary>
    public string Task { get; init; } = "animal-or-thing";

    /// <summary>Train only the head on frozen features (a linear probe), which keeps what pretraining learned intact.</summary>
    public bool HeadOnly { get; init; }

    /// <summary>Random weights of the base's shape instead of its pretrained ones: the baseline pretraining is measured against.</summary>
    public bool FromScratch { get; init; }

    /// <summary>Peak learning rate when only the head trains: a lone linear layer learns faster (train.learning_rate otherwise).</summary>
    public double HeadLearningRate { get; init; } = 1e-2;

    public ClassifyConfig Validate()
    {
        if (string.IsNullOrWhiteSpace(Task))
            throw new GptLabException("invalid classify config: task is empty; name a task (animal-or-thing) or pass --train and --test");
        if (HeadLearningRate is not (> 0 and < 10) || !double.IsFinite(HeadLearningRate))
            throw new GptLabException($"invalid classify config: head_learning_rate={HeadLearningRate} must be in (0, 10); fix it in --config or --lr");
        return this;
    }
}
