namespace GptLab.Data.Tasks;

/// <summary>
/// A small invented world for teaching what SFT can and cannot do. Each known character has a pet, a colour,
/// a town, a food and a job; those facts go into the PRETRAINING text (<see cref="PretrainingText"/>) and the
/// "facts" family then asks about them, so a correct answer to a held-out fact shows that fine-tuning unlocked
/// knowledge pretraining put there. The unknown names look alike but never occur in the text: the right answer
/// about them is <see cref="FactQuestions.DontKnow"/>. Everything is a function of the seed.
/// </summary>
public sealed class FactWorld
{
    /// <summary>The seed of the world the course ships (data/synthetic/facts.txt).</summary>
    public const int DefaultSeed = 1;

    /// <summary>Ends every document of the text, as in the TinyStories files, so the two corpora concatenate.</summary>
    public const string DocumentEnd = "\n<|endoftext|>\n";

    /// <summary>Most names (known, unknown and towns) one world may invent.</summary>
    public const int MaxNames = 200;

    private const int TownCount = 12;

    // Short values, one or two tokens each for a small BPE; pets and jobs take "a" (never "an") in every wording.
    private static readonly string[] Pets = ["owl", "goat", "cat", "dog", "fox", "hen", "duck", "frog", "rabbit", "mouse", "pony", "turtle"];
    private static readonly string[] Colours = ["red", "blue", "green", "yellow", "purple", "orange", "pink", "brown", "white", "grey"];
    private static readonly string[] Foods = ["apples", "soup", "bread", "cake", "plums", "rice", "cheese", "honey", "pears", "carrots", "noodles", "beans"];
    private static readonly string[] Jobs = ["baker", "farmer", "painter", "teacher", "fisher", "builder", "doctor", "singer", "tailor", "sailor", "potter", "gardener"];
    private static readonly string[] TownKinds = ["Hill", "Creek", "Vale", "Ford", "Wood", "Bay", "Field", "Rock", "Bridge", "Glen", "Marsh", "Cove"];

    private readonly Dictionary<(string Name, FactKind Kind), string> _values;
    private readonly Dictionary<string, Fact> _answers;

    private FactWorld(int seed, List<string> known, List<string> unknown, List<string> towns, List<Fact> facts)
    {
        Seed = seed;
        KnownNames = known;
        UnknownNames = unknown;
        Towns = towns;
        Facts = facts;
        _values = facts.ToDictionary(f => (f.Name, f.Kind), f => f.Value);
        _answers = facts.ToDictionary(f => f.Answer);
    }

    /// <summary>The seed everything was drawn from.</summary>
    public int Seed { get; }

    /// <summary>The characters the pretraining text is about, in the order they were invented.</summary>
    public IReadOnlyList<string> KnownNames { get; }

    /// <summary>Names made the same way that the pretraining text never contains (the "unknown" family).</summary>
    public IReadOnlyList<string> UnknownNames { get; }

    /// <summary>The invented towns characters live in ("Zodor Hill").</summary>
    public IReadOnlyList<string> Towns { get; }

    /// <summary>Every fact: each known name with each <see cref="FactKind"/>, names in order.</summary>
    public IReadOnlyList<Fact> Facts { get; }

    /// <summary>
    /// Invents a world: <paramref name="knownCount"/> characters, <paramref name="unknownCount"/> never-mentioned
    /// names and 12 towns, all distinct, with each fact's value drawn from a short list.
    /// </summary>
    public static FactWorld Create(int seed = DefaultSeed, int knownCount = 48, int unknownCount = 24)
    {
        if (knownCount < 2 || unknownCount < 4 || knownCount + unknownCount + TownCount > MaxNames)
            throw new GptLabException(
                $"a fact world needs at least 2 known and 4 unknown names and at most {MaxNames - TownCount} in all, " +
                $"got {knownCount} known and {unknownCount} unknown: choose counts in that range");
        var rng = new Random(seed);
        var names = new NameMaker(rng, Reserved);
        var known = Enumerable.Range(0, knownCount).Select(_ => names.Next()).ToList();
        var unknown = Enumerable.Range(0, unknownCount).Select(_ => names.Next()).ToList();
        var kinds = (string[])TownKinds.Clone();
        rng.Shuffle(kinds);
        var towns = kinds.Take(TownCount).Select(kind => $"{names.Next()} {kind}").ToList();

        var facts = new List<Fact>();
        foreach (var name in known)
        {
            facts.Add(new Fact(name, FactKind.Pet, Pets[rng.Next(Pets.Length)]));
            facts.Add(new Fact(name, FactKind.Colour, Colours[rng.Next(Colours.Length)]));
            facts.Add(new Fact(name, FactKind.Town, towns[rng.Next(towns.Count)]));
            facts.Add(new Fact(name, FactKind.Food, Foods[rng.Next(Foods.Length)]));
            facts.Add(new Fact(name, FactKind.Job, Jobs[rng.Next(Jobs.Length)]));
        }
        return new FactWorld(seed, known, unknown, towns, facts);
    }

    /// <summary>
    /// <paramref name="count"/> more names made like <see cref="UnknownNames"/>, drawn by <paramref name="seed"/>: none of
    /// them is a name of this world, hides one or hides inside one, so no text of the world mentions them (preference
    /// pairs ask about such people, apart from the ones the "unknown" family asks about).
    /// </summary>
    public IReadOnlyList<string> NewNames(int count, int seed)
    {
        var names = new NameMaker(new Random(seed), Reserved);
        foreach (var name in KnownNames.Concat(UnknownNames).Concat(Towns.Select(t => t.Split(' ')[0]))) names.Take(name);
        return [.. Enumerable.Range(0, count).Select(_ => names.Next())];
    }

    /// <summary>The values a fact of <paramref name="kind"/> can take (the 12 pets, the 10 colours, the towns, …).</summary>
    public IReadOnlyList<string> Values(FactKind kind) => kind switch
    {
        FactKind.Pet => Pets,
        FactKind.Colour => Colours,
        FactKind.Town => Towns,
        FactKind.Food => Foods,
        _ => Jobs,
    };

    // The words the text is written with: no invented name may be one of them or hide inside one.
    private static string Reserved => string.Join(' ', [FactStories.Vocabulary, .. Pets, .. Colours, .. Foods, .. Jobs, .. TownKinds]);

    /// <summary>How many values a fact of <paramref name="kind"/> is drawn from (12 pets, 10 colours, 12 towns, …): a uniform guess is right once in so many.</summary>
    public int ValueCount(FactKind kind) => Values(kind).Count;

    /// <summary>The known fact whose answer sentence is <paramref name="answer"/> ("Tobin has a pet goat."), or null.</summary>
    public Fact? FactAnswered(string answer) => _answers.GetValueOrDefault(answer);

    /// <summary>What a known character's fact of this kind says ("goat" for Tobin's pet).</summary>
    public string ValueOf(string name, FactKind kind) =>
        _values.TryGetValue((name, kind), out var value)
            ? value
            : throw new GptLabException($"'{name}' is not a known character of the fact world (seed {Seed}): ask about one of KnownNames");

    /// <summary>
    /// The facts as pretraining text: about 330 KB of short ASCII documents, each ending in <see cref="DocumentEnd"/>,
    /// every fact stated more than ten times in varied wording. The same seed gives byte-identical text.
    /// </summary>
    public string PretrainingText() => FactStories.Write(this, new Random(Seed));
}
