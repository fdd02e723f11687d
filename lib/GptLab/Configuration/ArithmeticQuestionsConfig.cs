namespace GptLab.Configuration;

/// <summary>
/// The arithmetic questions past fine-tuning's operands that RL rewards and DPO mines pairs from (<c>ArithmeticBeyond</c>):
/// how large the operands go, how many operand pairs are held out for validation and for test, and the seed of the
/// split. Shared by both stages, so RL and DPO on the same settings are tested on the same questions.
/// </summary>
public sealed record ArithmeticQuestionsConfig
{
    /// <summary>Sums and differences whose larger operand is from 21 to this, beyond the 0–20 fine-tuning asked.</summary>
    public int LargestOperand { get; init; } = 30;

    /// <summary>Operand pairs held out for validation, and for test.</summary>
    public int ValidationPairs { get; init; } = 30;

    public int TestPairs { get; init; } = 60;

    /// <summary>Seed of the split of operand pairs and of the held-out wordings.</summary>
    public int DataSeed { get; init; } = 1;

    /// <summary>Throws a one-line error naming the first bad value, as a key of the <paramref name="section"/> section.</summary>
    public ArithmeticQuestionsConfig Validate(string section)
    {
        if (LargestOperand is <= 20 or > 999)
            throw Invalid(section, $"arithmetic.largest_operand={LargestOperand} must be from 21 to 999 (fine-tuning asked about 0–20)");
        if (ValidationPairs < 1 || TestPairs < 1)
            throw Invalid(section, $"arithmetic.validation_pairs={ValidationPairs} and arithmetic.test_pairs={TestPairs} must be at least 1");
        return this;
    }

    private static GptLabException Invalid(string section, string problem) => new($"invalid {section} config: {problem}; fix it in --config");
}
