namespace GptLab.IO;

/// <summary>
/// Every name inside a run folder, in one place: <c>runs/&lt;name&gt;/</c> holds the prepared data, the checkpoint, the
/// metrics and the lock; a checkpoint folder holds the weights, the tokenizer, the optimizer state and what a stage adds.
/// <see cref="RunFolder"/> turns them into paths.
/// </summary>
public static class RunFiles
{
    // The run folder.
    public const string DataFolder = "data";
    public const string CheckpointFolder = "checkpoint";
    public const string Metrics = "metrics.jsonl";
    public const string Lock = ".lock";
    public const string LockOwner = ".lock.owner";

    // A checkpoint folder. config.json is written last: it seals the folder as complete.
    public const string Config = "config.json";
    public const string Model = "model.safetensors";
    public const string Optimizer = "optimizer.bin";
    public const string Tokenizer = "tokenizer.json";
    public const string BestWeights = "best_weights.safetensors";
    public const string ClassifierHead = "classifier.safetensors";
    public const string RewardHead = "reward.safetensors";
    public const string Labels = "labels.json";

    // A prepared data folder (nanoGPT's train.bin and val.bin). meta.json is written last: the seal.
    public const string TrainTokens = "train.bin";
    public const string ValTokens = "val.bin";
    public const string DataMeta = "meta.json";
}
