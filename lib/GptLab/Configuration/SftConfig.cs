using System.Text.Json;
using System.Text.Json.Serialization;

namespace GptLab.Configuration;

/// <summary>
/// What supervised fine-tuning trains on and how long (nanochat's chat_sft settings): the synthetic instruction set's
/// size and seed, optional Dolly pairs, epochs, and whether the loss covers the prompt too. Stored in the SFT
/// checkpoint's config.json, so <c>gptlab eval</c> rebuilds the same held-out test set.
/// </summary>
public sealed record SftConfig
{
    /// <summary>Passes over the training conversations; max_steps = ceil(epochs × conversations / (batch × grad_accum)).</summary>
    public double Epochs { get; init; } = 2;

    /// <summary>"assistant": loss on the assistant's tokens only (the prompt is masked); "all": on every token (the A/B baseline).</summary>
    public string LossOn { get; init; } = "assistant";

    /// <summary>Seed of the synthetic instruction set (which prompts, which held-out facts).</summary>
    public int DataSeed { get; init; } = 42;

    /// <summary>Training conversations per task family.</summary>
    public int TrainPerFamily { get; init; } = 600;

    /// <summary>
    /// Training conversations of the families named here instead of <see cref="TrainPerFamily"/> (nanochat's task
    /// mixture): a family whose answers take many more examples to learn, such as arithmetic, gets more.
    /// </summary>
    public IReadOnlyDictionary<string, int> TrainByFamily { get; init; } = new Dictionary<string, int>();

    /// <summary>Validation conversations per task family (loss for early stopping).</summary>
    public int ValidationPerFamily { get; init; } = 30;

    /// <summary>Held-out test prompts per task family (exact match and format adherence).</summary>
    public int TestPerFamily { get; init; } = 50;

    /// <summary>
    /// Windows of the base run's own pretraining text (context + 1 tokens, every token a target) mixed into the training
    /// conversations: replay, so that fine-tuning forgets less of what pretraining stored. 0 = none.
    /// </summary>
    public int Replay { get; init; }

    /// <summary>Also train on Dolly open-QA pairs (human-written questions and answers; data/dolly_open_qa).</summary>
    public bool Dolly { get; init; }

    /// <summary>Longest Dolly pair kept (instruction + response characters); it must also fit the model's context.</summary>
    public int DollyMaxChars { get; init; } = 256;

    /// <summary>
    /// Encode each turn's text after a space (true: the first word of an answer is the token it is inside a sentence) or
    /// as it is (false: the tokenization A/B of notebook 06). Evaluation and chat read it from the checkpoint.
    /// </summary>
    public bool SpaceBeforeText { get; init; } = true;

    public bool LossOnAllTokens => LossOn == "all";

    // A record compares its map by reference: two settings are equal when they print the same, the map in key order.
    public bool Equals(SftConfig? other) => other is not null && Canonical() == other.Canonical();

    public override int GetHashCode() => Canonical().GetHashCode(StringComparison.Ordinal);

    private string Canonical() => JsonSerializer.Serialize(this with { TrainByFamily = new SortedDictionary<string, int>(TrainByFamily.ToDictionary()) }, Json.Options);

    public SftConfig Validate()
    {
        Require(Epochs is > 0 and <= 100, $"epochs={Epochs} must be in (0, 100]");
        Require(LossOn is "assistant" or "all", $"loss_on='{LossOn}' must be assistant or all");
        Require(TrainPerFamily > 0 && ValidationPerFamily > 0 && TestPerFamily > 0,
            $"train_per_family={TrainPerFamily}, validation_per_family={ValidationPerFamily}, test_per_family={TestPerFamily} must be positive");
        // The family names are checked where the families are made (InstructionSetOptions.Validate).
        foreach (var (family, count) in TrainByFamily)
            Require(count > 0, $"train_by_family.{family}={count} must be positive");
        Require(Replay >= 0, $"replay={Replay} must not be negative (0 = no pretraining text)");
        Require(DollyMaxChars >= 16, $"dolly_max_chars={DollyMaxChars} must be at least 16");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid sft config: {problem}; fix it in --config or the matching flag");
    }
}
