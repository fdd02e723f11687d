namespace GptLab.Data.Tasks;

/// <summary>
/// How the "facts" and "unknown" families ask about a character, and the one answer each question has.
/// Questions come in <see cref="Phrasings"/> wordings so a model learns the task rather than one string; the
/// answer has a single template that restates the fact, so exact match is a fair score.
/// </summary>
public static class FactQuestions
{
    /// <summary>The answer to any question about a name the pretraining text never mentions.</summary>
    public const string DontKnow = "I don't know.";

    /// <summary>Wordings per kind of fact; <see cref="Ask"/> takes a phrasing from 0 to this minus one.</summary>
    public const int Phrasings = 2;

    private static readonly Dictionary<FactKind, string[]> Questions = new()
    {
        [FactKind.Pet] = ["What pet does {name} have?", "Which animal is the pet of {name}?"],
        [FactKind.Colour] = ["What colour does {name} love?", "What is the favourite colour of {name}?"],
        [FactKind.Town] = ["Where does {name} live?", "Which town does {name} live in?"],
        [FactKind.Food] = ["What food does {name} like?", "What does {name} like to eat?"],
        [FactKind.Job] = ["What is the job of {name}?", "What does {name} do for work?"],
    };

    // The answer is also the first way the pretraining text states each fact (FactStories), so the words asked
    // for after SFT are words the model has read.
    private static readonly Dictionary<FactKind, string> Answers = new()
    {
        [FactKind.Pet] = "{name} has a pet {value}.",
        [FactKind.Colour] = "{name} loves the colour {value}.",
        [FactKind.Town] = "{name} lives in {value}.",
        [FactKind.Food] = "{name} likes to eat {value}.",
        [FactKind.Job] = "{name} is a {value}.",
    };

    /// <summary>The question about <paramref name="name"/>'s fact of <paramref name="kind"/> in wording <paramref name="phrasing"/>.</summary>
    public static string Ask(string name, FactKind kind, int phrasing)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(phrasing);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(phrasing, Phrasings);
        return Questions[kind][phrasing].Replace("{name}", name);
    }

    /// <summary>The reference answer: one short sentence that restates the fact ("Tobin has a pet goat.").</summary>
    public static string Answer(Fact fact) =>
        Answers[fact.Kind].Replace("{name}", fact.Name).Replace("{value}", fact.Value);
}
