namespace GptLab.Data.Tasks;

/// <summary>
/// The hallucination experiment's world: known people, each with a pet and a town, whose biographies the text states in
/// several wordings; question–answer pairs ("Q: What pet does Tobin have?" "A: A goat.") about half of them (the other
/// half are only in biographies); and unknown names that look alike. With abstentions, the text also answers
/// "I don't know." about some unknown names; the test's unknown names appear nowhere. Everything is a function of the seed.
/// </summary>
public sealed class HallucinationWorld
{
    /// <summary>The answer about someone the text never mentions.</summary>
    public const string DontKnow = "I don't know.";

    private static readonly string[] Pets = ["owl", "goat", "cat", "dog", "fox", "hen", "duck", "frog", "mouse", "pony", "bee", "crab"];

    private const int TownCount = 8;

    private static readonly string[] BioFrames =
    [
        "{n} has a {p} and lives in {t}.",
        "{n} lives in {t}.",
        "{n} has a {p}.",
        "In {t} lives {n}, who has a {p}.",
        "The {p} of {n} is well known in {t}.",
    ];

    private readonly Dictionary<string, (string Pet, string Town)> _facts;

    private HallucinationWorld(Dictionary<string, (string Pet, string Town)> facts, string[] asked, string[] notAsked, string[] abstain, string[] unknown)
    {
        _facts = facts;
        AskedPeople = asked;
        BiographyOnlyPeople = notAsked;
        AbstentionNames = abstain;
        UnknownNames = unknown;
    }

    /// <summary>Known people whose questions and answers are in the training text.</summary>
    public IReadOnlyList<string> AskedPeople { get; }

    /// <summary>Known people who appear only in biographies: their questions are held out.</summary>
    public IReadOnlyList<string> BiographyOnlyPeople { get; }

    /// <summary>Unknown names the abstention condition's text answers "I don't know." about.</summary>
    public IReadOnlyList<string> AbstentionNames { get; }

    /// <summary>Unknown names that appear in no text: the test of hallucination.</summary>
    public IReadOnlyList<string> UnknownNames { get; }

    /// <summary>The share of questions a guess gets right: a pet uniformly from the pets, a town from the towns (one question each).</summary>
    public static double GuessRate => (1.0 / Pets.Length + 1.0 / TownCount) / 2;

    /// <summary>Invents <paramref name="known"/> people (half asked about) and <paramref name="unknown"/> unknown names (half for abstentions).</summary>
    public static HallucinationWorld Create(int known, int unknown, int seed)
    {
        var random = new Random(seed);
        var maker = new NameMaker(random, string.Join(" ", BioFrames.Concat(Pets)) + " what pet does have where live don't know");
        var towns = Enumerable.Range(0, TownCount).Select(_ => maker.Next() + " Vale").ToArray();
        var people = Enumerable.Range(0, known).Select(_ => maker.Next()).ToArray();
        // Unknown names are spelled with letters the known ones use: a character model can read every question.
        var letters = string.Concat(people.Concat(towns)).ToHashSet();
        var others = Enumerable.Range(0, 100 * unknown).Select(_ => maker.Next()).Where(n => n.All(letters.Contains)).Take(unknown).ToArray();
        if (others.Length < unknown) throw new GptLabException($"only {others.Length} unknown names use the known names' letters: ask for fewer than {unknown}, or more known people");
        var facts = people.ToDictionary(p => p, _ => (Pets[random.Next(Pets.Length)], towns[random.Next(towns.Length)]));
        return new HallucinationWorld(facts, people[..(known / 2)], people[(known / 2)..], others[..(unknown / 2)], others[(unknown / 2)..]);
    }

    /// <summary>
    /// The training text: <paramref name="biographies"/> sentences about every known person in random wordings, the
    /// questions about <see cref="AskedPeople"/> (each <paramref name="repeats"/> times) and, with
    /// <paramref name="abstain"/>, "I don't know." about <see cref="AbstentionNames"/> as often; shuffled, one per line.
    /// </summary>
    public string Text(int biographies, int repeats, bool abstain, int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        foreach (var (name, (pet, town)) in _facts)
            for (var i = 0; i < biographies; i++)
                lines.Add(BioFrames[random.Next(BioFrames.Length)].Replace("{n}", name).Replace("{p}", pet).Replace("{t}", town));
        for (var r = 0; r < repeats; r++)
        {
            lines.AddRange(AskedPeople.SelectMany(p => Questions(p).Select(q => q.Prompt + q.Answer)));
            if (abstain) lines.AddRange(AbstentionNames.SelectMany(p => Questions(p).Select(q => q.Prompt + q.Answer)));
        }
        return TextLines.Shuffled(lines, random);
    }

    /// <summary>The two questions about <paramref name="name"/>, each prompt ending where the answer starts, and the right answer.</summary>
    public IReadOnlyList<(string Prompt, string Answer)> Questions(string name)
    {
        var known = _facts.TryGetValue(name, out var f);
        return
        [
            ($"Q: What pet does {name} have? A: ", known ? $"A {f.Pet}." : DontKnow),
            ($"Q: Where does {name} live? A: ", known ? $"In {f.Town}." : DontKnow),
        ];
    }
}
