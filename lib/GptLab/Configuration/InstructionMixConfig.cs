namespace GptLab.Configuration;

/// <summary>
/// Mid-training (nanochat's midtrain stage, folded into pretraining): conversations of the synthetic instruction set,
/// rendered with the chat template, appended to the pretraining text's training split. The first
/// <see cref="HeldOutPerFamily"/> items of every family (problems, word lists, facts; the data seed decides which) never
/// go in, so a fine-tuning of this base may validate and test on up to that many per family with the same seed.
/// </summary>
public sealed record InstructionMixConfig
{
    /// <summary>Training conversations per family mixed in (every synthetic family but story, whose texts are the stories).</summary>
    public int PerFamily { get; init; } = 4000;

    /// <summary>Seed of the instruction set; fine-tuning this base must use the same data seed.</summary>
    public int DataSeed { get; init; } = 42;

    /// <summary>Items per family kept out of the mix: a fine-tuning's validation plus test examples per family may not exceed it.</summary>
    public int HeldOutPerFamily { get; init; } = 80;

    /// <summary>Throws <see cref="GptLabException"/> naming the first bad value.</summary>
    public InstructionMixConfig Validate()
    {
        if (PerFamily < 1 || HeldOutPerFamily < 1)
            throw new GptLabException(
                $"invalid data config: instructions.per_family={PerFamily} and instructions.held_out_per_family={HeldOutPerFamily} " +
                "must be positive; fix them in --config, or drop the instructions section to pretrain on the text alone");
        return this;
    }
}
