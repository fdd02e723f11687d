namespace GptLab.Data.Tasks;

/// <summary>
/// The task families of the SFT data: the <see cref="ChatExample.Family"/> names accuracy is reported by.
/// Each synthetic family is small enough for a ~1M-parameter model to learn on CPU in minutes, and each tests
/// one thing: following a format (copy, uppercase), a little algorithm (arithmetic, reverse), recalling what
/// pretraining taught (facts), reading an earlier turn (context), knowing what it was not taught (unknown), or continuing text (story).
/// </summary>
public static class ChatFamily
{
    /// <summary>"What is 7 + 5?" → "12": addition and subtraction of 0–20, results 0–40.</summary>
    public const string Arithmetic = "arithmetic";

    /// <summary>"Repeat: red cat sun" → "red cat sun".</summary>
    public const string Copy = "copy";

    /// <summary>"Reverse the words: red cat sun" → "sun cat red".</summary>
    public const string Reverse = "reverse";

    /// <summary>"Say in capitals: red cat" → "RED CAT".</summary>
    public const string Uppercase = "uppercase";

    /// <summary>Questions about a <see cref="FactWorld"/> character, whose facts are in the pretraining text only.</summary>
    public const string Facts = "facts";

    /// <summary>The same questions about names the pretraining text never mentions → "I don't know.".</summary>
    public const string Unknown = "unknown";

    /// <summary>"My pet is a hen." … other exchanges … "What is my pet?" → "Your pet is a hen.": the answer is in an earlier turn.</summary>
    public const string Context = "context";

    /// <summary>The first sentence of a story → its next sentences; open-ended, so not scored by exact match.</summary>
    public const string Story = "story";

    /// <summary>Human-written open questions and answers (databricks-dolly-15k, open_qa), loaded by <see cref="DollyPairs"/>.</summary>
    public const string Dolly = "dolly";

    /// <summary>The families <see cref="InstructionSet.Generate"/> makes, in the order it makes them.</summary>
    public static IReadOnlyList<string> Synthetic { get; } = [Arithmetic, Copy, Reverse, Uppercase, Facts, Unknown, Story, Context];
}
