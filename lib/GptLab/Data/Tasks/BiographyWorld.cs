namespace GptLab.Data.Tasks;

/// <summary>
/// The knowledge experiments' world (after Allen-Zhu &amp; Li, <i>Physics of Language Models, Part 3.1</i>): invented
/// people, each with a birth city, a university, a major and an employer drawn uniformly from small pools, written as
/// one-line biographies (the person's name in the first sentence, a pronoun after) and asked about in question–answer
/// lines ("Q: Where was Tovin born? A: Kesh."). A biography's sentences come in five wordings each and in a fixed
/// or a shuffled order, which is what the augmentation conditions vary. <see cref="Changed"/> is the same world a
/// while later: some people's employer changes and new people appear (the knowledge cutoff). Everything is a function
/// of the seed.
/// </summary>
public sealed class BiographyWorld
{
    /// <summary>What every person has, in the order of an unpermuted biography.</summary>
    public static IReadOnlyList<string> Attributes { get; } = ["birth city", "university", "major", "employer"];

    /// <summary>The attribute that changes in <see cref="Changed"/>: people change jobs more often than birthplaces.</summary>
    public const int EmployerAttribute = 3;

    /// <summary>One person: name (one invented word, unique), subject pronoun, possessive, and one value per attribute.</summary>
    public sealed record Person(string Name, string Pronoun, string Possessive, IReadOnlyList<string> Values);

    // Five wordings per attribute: {s} the subject (the name or the pronoun), {q} the possessive, {v} the value.
    private static readonly string[][] Wordings =
    [
        ["{s} was born in {v}.", "{s} came into the world in {v}.", "{s} is a native of {v}.", "{s} spent {q} early years in {v}.", "{s} was born and raised in {v}."],
        ["{s} studied at {v}.", "{s} graduated from {v}.", "{s} went to {v} for {q} degree.", "{s} holds a degree from {v}.", "{s} completed {q} studies at {v}."],
        ["{s} majored in {v}.", "{s} chose {v} as {q} field.", "{s} focused on {v} in college.", "{s} has a degree in {v}.", "{s} spent {q} student days on {v}."],
        ["{s} works for {v}.", "{s} is employed by {v}.", "{s} has a job at {v}.", "{s} earns a living at {v}.", "{s} draws a salary from {v}."],
    ];

    private static readonly string[] Questions = ["Where was {n} born?", "Which university did {n} attend?", "What did {n} study?", "Which company does {n} work for?"];

    // The same questions worded otherwise: no training text asks them, so a right answer is a fact, not a memorised line.
    private static readonly string[] OtherQuestions = ["In which city was {n} born?", "Where did {n} go to college?", "What was the major of {n}?", "Who employs {n}?"];

    private static readonly string[] Majors = ["botany", "law", "music", "physics", "history", "chemistry", "geology", "economics", "poetry", "medicine", "design", "nursing"];

    private readonly string[][] _pools;
    private readonly NameMaker _names;
    private readonly Random _random;

    private BiographyWorld(string[][] pools, NameMaker names, Random random, IReadOnlyList<Person> people)
    {
        _pools = pools;
        _names = names;
        _random = random;
        People = people;
    }

    /// <summary>Everyone in this world, in the order they were invented.</summary>
    public IReadOnlyList<Person> People { get; }

    /// <summary>The share of questions a uniform guess from each attribute's pool gets right, over all four attributes.</summary>
    public double GuessRate => _pools.Average(p => 1.0 / p.Length);

    /// <summary>Invents <paramref name="people"/> people with distinct names (and the pools their values come from).</summary>
    public static BiographyWorld Create(int people, int seed)
    {
        var random = new Random(seed);
        var names = new NameMaker(random, string.Join(" ", Wordings.SelectMany(w => w).Concat(Questions).Concat(Majors)) + " he she his her q a");
        string[] Pool(int n) => [.. Enumerable.Range(0, n).Select(_ => names.Next())];
        string[][] pools = [Pool(16), Pool(12), Majors, Pool(16)];
        var world = new BiographyWorld(pools, names, random, []);
        return new BiographyWorld(pools, names, random, [.. Enumerable.Range(0, people).Select(_ => world.NewPerson())]);
    }

    /// <summary>
    /// The world later: each of <paramref name="movers"/> (people of this world) works for another employer, and
    /// <paramref name="newcomers"/> new people exist. Everyone else is as before, in the same order, newcomers last.
    /// </summary>
    public BiographyWorld Changed(IReadOnlyCollection<Person> movers, int newcomers)
    {
        var moved = People.Select(p => movers.Contains(p) ? p with { Values = [.. p.Values.Select((v, a) => a == EmployerAttribute ? Other(a, v) : v)] } : p);
        return new BiographyWorld(_pools, _names, _random, [.. moved, .. Enumerable.Range(0, newcomers).Select(_ => NewPerson())]);
    }

    /// <summary>
    /// Every character a text of any world can contain (the wordings' and questions' punctuation, every Latin letter:
    /// names are letters), so that one char tokenizer built from it serves every stage of an experiment.
    /// </summary>
    public static string Characters { get; } =
        string.Concat(Wordings.SelectMany(w => w).Concat(Questions).Concat(OtherQuestions)) + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ Q: A: .\n";

    /// <summary>The person called <paramref name="name"/> in this world.</summary>
    public Person Find(string name) => People.Single(p => p.Name == name);

    /// <summary>
    /// Biographies of <paramref name="people"/>, <paramref name="perPerson"/> each, one per line, lines shuffled so that
    /// a context window mixes people. Every biography of a person uses the same wordings unless
    /// <paramref name="varyWording"/> (then each sentence picks one of five), and the same sentence order unless
    /// <paramref name="permute"/> (then each biography shuffles it); the name is always in the first sentence, and with
    /// <paramref name="fullName"/> in every sentence (no pronouns).
    /// </summary>
    public static string Biographies(IEnumerable<Person> people, int perPerson, bool varyWording, bool permute, int seed, bool fullName = false)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        foreach (var person in people)
        {
            int[] fixedWording = [.. Wordings.Select(w => random.Next(w.Length))];
            for (var copy = 0; copy < perPerson; copy++)
            {
                var order = Enumerable.Range(0, Attributes.Count).ToArray();
                if (permute) random.Shuffle(order);
                var sentences = order.Select((a, i) => Wordings[a][varyWording ? random.Next(Wordings[a].Length) : fixedWording[a]]
                    .Replace("{s}", i == 0 || fullName ? person.Name : person.Pronoun).Replace("{q}", person.Possessive).Replace("{v}", person.Values[a]));
                lines.Add(string.Join(" ", sentences));
            }
        }
        return TextLines.Shuffled(lines, random);
    }

    /// <summary>
    /// The questions about <paramref name="person"/>, one per attribute: the prompt ends where the answer starts. With
    /// <paramref name="otherWording"/>, worded as no training text of this world asks them ("Who employs Tovin?").
    /// </summary>
    public static IReadOnlyList<(string Prompt, string Answer, int Attribute)> Ask(Person person, bool otherWording) =>
        [.. (otherWording ? OtherQuestions : Questions).Select((q, a) => ($"Q: {q.Replace("{n}", person.Name)} A: ", person.Values[a] + ".", a))];

    /// <summary>The questions about <paramref name="person"/> as the training texts ask them.</summary>
    public static IReadOnlyList<(string Prompt, string Answer, int Attribute)> Ask(Person person) => Ask(person, otherWording: false);

    /// <summary>
    /// The biography sentence of each attribute of <paramref name="person"/> cut before its value ("Tovin works for "),
    /// and the value: what a model that only read biographies can be asked.
    /// </summary>
    public static IReadOnlyList<(string Prompt, string Answer, int Attribute)> Statements(Person person) =>
        [.. Wordings.Select((w, a) => (w[0][..w[0].IndexOf("{v}", StringComparison.Ordinal)].Replace("{s}", person.Name), person.Values[a], a))];

    /// <summary>
    /// The same sentences in a wording <paramref name="trainingText"/> never states with this person's name and value: per
    /// attribute the first of the five whose whole sentence ("Tovin works for Zarp.") the text lacks, so a completion shows
    /// a fact stored with the name, not a line read verbatim. An attribute the text states in every wording is left out.
    /// </summary>
    public static IReadOnlyList<(string Prompt, string Answer, int Attribute)> Statements(Person person, string trainingText) =>
        [.. Wordings.SelectMany((wordings, a) => wordings
            .Select(w => w.Replace("{s}", person.Name).Replace("{q}", person.Possessive))
            .Where(sentence => !trainingText.Contains(sentence.Replace("{v}", person.Values[a]), StringComparison.Ordinal))
            .Select(sentence => (sentence[..sentence.IndexOf("{v}", StringComparison.Ordinal)], sentence[sentence.IndexOf("{v}", StringComparison.Ordinal)..].Replace("{v}", person.Values[a]).TrimEnd('.'), a))
            .Take(1))];

    /// <summary>Every question about <paramref name="people"/> with its answer, one per line, <paramref name="repeats"/> times, shuffled.</summary>
    public static string QuestionText(IEnumerable<Person> people, int repeats, int seed) => QuestionText(people.SelectMany(Ask), repeats, seed);

    /// <summary><paramref name="questions"/> with their answers, one per line, <paramref name="repeats"/> times, shuffled.</summary>
    public static string QuestionText(IEnumerable<(string Prompt, string Answer, int Attribute)> questions, int repeats, int seed) =>
        TextLines.Shuffled(Enumerable.Repeat(questions.Select(q => q.Prompt + q.Answer).ToArray(), repeats).SelectMany(l => l), new Random(seed));

    private Person NewPerson()
    {
        var she = _random.Next(2) == 0;
        return new Person(_names.Next(), she ? "She" : "He", she ? "her" : "his", [.. _pools.Select(p => p[_random.Next(p.Length)])]);
    }

    private string Other(int attribute, string value)
    {
        var others = _pools[attribute].Where(v => v != value).ToArray();
        return others[_random.Next(others.Length)];
    }
}
