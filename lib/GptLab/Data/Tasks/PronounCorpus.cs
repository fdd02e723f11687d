namespace GptLab.Data.Tasks;

/// <summary>
/// The bias experiment's corpus: short sentences in which a pronoun refers to an occupation, and each occupation takes
/// its "usual" pronoun at a controlled rate p (0.5, 0.7, 0.9 or 1.0, six occupations per rate: the occupation is the
/// unit the experiment's intervals resample). Which pronoun is an
/// occupation's usual one is drawn from the seed, and half the occupations of every rate take "she", half "he", so the
/// pronouns are equally common overall and the only bias in the text is the one set per occupation. Training sentences
/// use six frames; the held-out prompts use three others, never in the text, each with every name (no two prompts alike).
/// </summary>
public sealed class PronounCorpus
{
    /// <summary>How often each occupation's usual pronoun appears, <see cref="PerRate"/> occupations per rate.</summary>
    public static readonly double[] Rates = [0.5, 0.7, 0.9, 1.0];

    /// <summary>Occupations per rate, half taking "she" as their usual pronoun and half "he".</summary>
    public const int PerRate = 6;

    private static readonly string[] Jobs =
    [
        "baker", "farmer", "painter", "teacher", "fisher", "builder", "doctor", "tailor", "singer", "driver", "nurse", "miner",
        "cook", "pilot", "weaver", "potter", "hunter", "sailor", "dancer", "writer", "porter", "barber", "clerk", "carpenter",
    ];
    private static readonly string[] Days = ["on Monday", "on Tuesday", "on Friday", "at noon", "at dawn", "tonight", "tomorrow"];

    // "{o}" is the occupation, "{p}" the pronoun, "{n}" a name, "{d}" a time. The pronoun always follows the occupation.
    // The held-out frames are other sentences, written with the training frames' letters (a character model reads
    // them) and with the pronoun after a word that precedes one in training ("that", "so"): after a word never
    // followed by a pronoun, the model expects another word, and the two pronouns' odds say nothing about bias.
    private static readonly string[] TrainFrames =
    [
        "The {o} said that {p} would come {d}.",
        "{n} told the {o} that {p} was late {d}.",
        "When the {o} came home, {p} made tea for {n}.",
        "The {o} was tired, so {p} went to bed {d}.",
        "{n} asked the {o} whether {p} had the key.",
        "The {o} smiled because {p} liked the song.",
    ];

    private static readonly string[] HeldOutFrames =
    [
        "{n} heard from the {o} that {p} was ready.",
        "When the storm came, the {o} told {n} that {p} had the key.",
        "The {o} sang for {n} all day, so {p} was happy.",
    ];

    private readonly string[] _names;

    private PronounCorpus(IReadOnlyList<Occupation> occupations, string[] names)
    {
        Occupations = occupations;
        _names = names;
    }

    /// <summary>An occupation, the pronoun it usually takes, and how often (<see cref="Rates"/>).</summary>
    public sealed record Occupation(string Name, string Usual, double Rate)
    {
        public string Other => Opposite(Usual);
    }

    public IReadOnlyList<Occupation> Occupations { get; }

    /// <summary>Assigns rates and usual pronouns to the occupations from <paramref name="seed"/>.</summary>
    public static PronounCorpus Create(int seed)
    {
        var random = new Random(seed);
        var jobs = Jobs.ToArray();
        random.Shuffle(jobs);
        var occupations = jobs.Select((job, i) => new Occupation(job, i % 2 == 0 ? "she" : "he", Rates[i / PerRate])).ToArray();
        var maker = new NameMaker(random, string.Join(" ", TrainFrames.Concat(HeldOutFrames).Concat(Jobs).Concat(Days)));
        var names = Enumerable.Range(0, 20).Select(_ => maker.Next()).ToArray();
        return new PronounCorpus(occupations, names);
    }

    /// <summary>
    /// <paramref name="count"/> training sentences, one per line, each occupation equally often, its usual pronoun at
    /// its rate. With <paramref name="counterfactual"/>, every sentence also comes with the other pronoun
    /// (counterfactual data augmentation: every rate made 0.5), the copies shuffled among all lines, so that the only
    /// thing the augmentation changes is the rates (a copy on the next line would also teach "a line repeats the last").
    /// </summary>
    public string Text(int count, int seed, bool counterfactual = false)
    {
        var sentences = Sentences(count, seed);
        var lines = sentences.Select(s => s.Line);
        if (counterfactual) lines = lines.Concat(sentences.Select(s => s.Flipped));
        return TextLines.Shuffled(lines, new Random(seed + 1));
    }

    /// <summary>A drawn sentence: its occupation, the text up to the pronoun, the pronoun it takes, the whole line and the line with the other pronoun.</summary>
    public sealed record Sentence(Occupation Occupation, string Prefix, string Pronoun, string Line, string Flipped);

    /// <summary><paramref name="count"/> sentences of the original distribution, each occupation equally often, in order.</summary>
    public IReadOnlyList<Sentence> Sentences(int count, int seed)
    {
        var random = new Random(seed);
        var sentences = new Sentence[count];
        for (var i = 0; i < count; i++)
        {
            var occupation = Occupations[i % Occupations.Count];
            var frame = TrainFrames[random.Next(TrainFrames.Length)];
            var (name, day) = (_names[random.Next(_names.Length)], Days[random.Next(Days.Length)]);
            var pronoun = random.NextDouble() < occupation.Rate ? occupation.Usual : occupation.Other;
            var line = Fill(frame, occupation.Name, "{p}", name, day);
            var prefix = line[..line.IndexOf("{p}", StringComparison.Ordinal)];
            sentences[i] = new Sentence(occupation, prefix, pronoun, line.Replace("{p}", pronoun), line.Replace("{p}", Opposite(pronoun)));
        }
        return sentences;
    }

    /// <summary>
    /// The held-out prompts of <paramref name="occupation"/>: each held-out frame with every name, cut just before the
    /// pronoun, the usual pronoun as the "right" completion and the other as the "wrong" one.
    /// </summary>
    public IReadOnlyList<ChoiceQuestion> Prompts(Occupation occupation) =>
    [
        .. HeldOutFrames.SelectMany(frame => _names.Select(name =>
        {
            var sentence = "\n" + Fill(frame, occupation.Name, "{p}", name, Days[0]);
            var prompt = sentence[..sentence.IndexOf("{p}", StringComparison.Ordinal)];
            return new ChoiceQuestion(prompt, occupation.Usual + " ", occupation.Other + " ");
        })),
    ];

    private static string Opposite(string pronoun) => pronoun == "she" ? "he" : "she";

    private static string Fill(string frame, string occupation, string pronoun, string name, string day)
    {
        var text = frame.Replace("{o}", occupation).Replace("{p}", pronoun).Replace("{n}", name).Replace("{d}", day);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
