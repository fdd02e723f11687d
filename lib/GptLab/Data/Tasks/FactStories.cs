using System.Runtime.InteropServices;
using System.Text;

namespace GptLab.Data.Tasks;

/// <summary>
/// Writes the <see cref="FactWorld"/> as pretraining text: short documents in TinyStories' plain English, each
/// stating a character's facts in shuffled order and varied wording, so a tiny model sees every fact many times
/// and in many contexts. No pronouns: each sentence names the character, which ties the fact to the name.
/// </summary>
internal static class FactStories
{
    // Documents about one character; the first states each fact in its answer words (FactQuestions.Answer).
    private const int SoloDocuments = 18;

    // Documents about two friends, per character as the first of the two.
    private const int FriendDocuments = 7;

    // Other wordings of each fact; wording 0 is the answer sentence itself (FactQuestions.Answer).
    private static readonly Dictionary<FactKind, string[]> Wordings = new()
    {
        [FactKind.Pet] =
        [
            "The pet of {name} is a little {value}.", "{name} plays with the {value} every day.",
            "The {value} of {name} is a good friend.", "{name} gives the {value} some water.",
        ],
        [FactKind.Colour] =
        [
            "The favourite colour of {name} is {value}.", "{name} wears a {value} coat, because {name} loves {value}.",
            "Everything {name} owns is {value}.",
        ],
        [FactKind.Town] =
        [
            "The home of {name} is in {value}.", "{name} has a small house in {value}.", "Everyone in {value} knows {name}.",
        ],
        [FactKind.Food] =
        [
            "The favourite food of {name} is {value}.", "When {name} is hungry, {name} eats {value}.",
            "Every day, {name} eats {value} for lunch.",
        ],
        [FactKind.Job] =
        [
            "{name} works as a {value}.", "Every morning, {name} goes to work as a {value}.", "{name} is a good {value} and works hard.",
        ],
    };

    private static readonly string[] Openers =
    [
        "Once upon a time, there was a friend named {name}.", "This is a story about {name}.", "Let me tell you about {name}.",
        "One sunny day, {name} woke up early.", "Here is what we know about {name}.",
    ];

    private static readonly string[] Closers =
        ["{name} is very happy.", "The end.", "{name} smiles and goes to bed.", "It is a good day for {name}.", "Everyone likes {name}."];

    private static readonly string[] FriendOpeners = ["{name} and {other} are good friends.", "One day, {name} met {other}."];

    private static readonly string[] FriendClosers = ["{name} and {other} play together.", "The two friends are happy.", "The end."];

    /// <summary>Every word the text is written with besides names and towns: invented names must not occur in it.</summary>
    public static string Vocabulary { get; } = string.Join(' ',
        Wordings.Values.SelectMany(w => w).Concat(Openers).Concat(Closers).Concat(FriendOpeners).Concat(FriendClosers)
            .Concat(Enum.GetValues<FactKind>().Select(a => FactQuestions.Answer(new Fact("", a, "")))));

    /// <summary>All documents in a seeded random order, each followed by <see cref="FactWorld.DocumentEnd"/>.</summary>
    public static string Write(FactWorld world, Random rng)
    {
        var documents = new List<string>();
        var names = world.KnownNames;
        for (int n = 0; n < names.Count; n++)
        {
            for (int i = 0; i < SoloDocuments; i++)
                documents.Add(Solo(world, names[n], canonical: i == 0, rng));
            for (int i = 0; i < FriendDocuments; i++)
                documents.Add(Friends(world, names[n], names[(n + 1 + rng.Next(names.Count - 1)) % names.Count], rng));
        }
        rng.Shuffle(CollectionsMarshal.AsSpan(documents));
        var text = new StringBuilder();
        foreach (var document in documents)
            text.Append(document).Append(FactWorld.DocumentEnd);
        return text.ToString();
    }

    private static string Solo(FactWorld world, string name, bool canonical, Random rng)
    {
        var sentences = new List<string> { Pick(Openers, rng).Replace("{name}", name) };
        foreach (var kind in Shuffled(rng))
            sentences.Add(State(world, name, kind, canonical ? 0 : rng.Next(Wordings[kind].Length + 1)));
        if (rng.Next(2) == 0)
        {
            // A second wording of one fact, placed after the first so the paragraph still reads in order.
            var kind = Pick(Enum.GetValues<FactKind>(), rng);
            sentences.Add(State(world, name, kind, 1 + rng.Next(Wordings[kind].Length)));
        }
        sentences.Add(Pick(Closers, rng).Replace("{name}", name));
        return string.Join(' ', sentences);
    }

    private static string Friends(FactWorld world, string name, string other, Random rng)
    {
        var sentences = new List<string> { Pair(Pick(FriendOpeners, rng), name, other) };
        foreach (var kind in Shuffled(rng).Take(3))
        {
            sentences.Add(State(world, name, kind, rng.Next(Wordings[kind].Length + 1)));
            sentences.Add(State(world, other, kind, rng.Next(Wordings[kind].Length + 1)));
        }
        sentences.Add(Pair(Pick(FriendClosers, rng), name, other));
        return string.Join(' ', sentences);
    }

    // Wording 0 is the answer sentence; 1..n are the other wordings.
    private static string State(FactWorld world, string name, FactKind kind, int wording)
    {
        var fact = new Fact(name, kind, world.ValueOf(name, kind));
        return wording == 0
            ? fact.Answer
            : Wordings[kind][wording - 1].Replace("{name}", name).Replace("{value}", fact.Value);
    }

    private static string Pair(string template, string name, string other) =>
        template.Replace("{name}", name).Replace("{other}", other);

    private static T Pick<T>(IReadOnlyList<T> items, Random rng) => items[rng.Next(items.Count)];

    private static FactKind[] Shuffled(Random rng)
    {
        var kinds = Enum.GetValues<FactKind>();
        rng.Shuffle(kinds);
        return kinds;
    }
}
