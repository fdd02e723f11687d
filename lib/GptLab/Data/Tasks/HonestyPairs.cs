namespace GptLab.Data.Tasks;

/// <summary>
/// Preference pairs that teach a chat model of the <see cref="FactWorld"/> to say what it knows and only that. About a
/// person the world never mentions (<see cref="FactWorld.NewNames"/>: read by no base, asked about by no fine-tuning),
/// "I don't know." is preferred to an invented answer; about a known person, the true fact is preferred to "I don't
/// know.", so refusing everything does not win; as many known pairs as unknown ones, so neither answer wins by count.
/// Held out by item: the known pairs use only the facts the fine-tuning
/// trained on (its validation facts make the validation pairs), the unknown pairs their own names; the test asks the
/// fine-tuning's test facts and names no pair mentions.
/// </summary>
/// <param name="Train">Training pairs: known facts fine-tuning asked, and the training names.</param>
/// <param name="Validation">Pairs for the validation loss: the fine-tuning's validation facts and names of their own.</param>
/// <param name="Test">Questions for the held-out test: family "facts" (the fine-tuning's test facts, answered by the
/// fact) and family "unknown" (the test names, answered by "I don't know.").</param>
/// <param name="TestPeople">Whom each test question asks about, in the order of <paramref name="Test"/>: the unit of its intervals.</param>
/// <param name="TestPairs">The test questions as pairs, made like the training ones: what a reward model is tested on.</param>
public sealed record HonestyPairs(IReadOnlyList<PreferencePair> Train, IReadOnlyList<PreferencePair> Validation, IReadOnlyList<ChatExample> Test, IReadOnlyList<string> TestPeople,
    IReadOnlyList<PreferencePair> TestPairs)
{
    /// <summary>
    /// The pairs for a model fine-tuned on <paramref name="sft"/> (conversations about <paramref name="world"/>):
    /// <paramref name="trainPeople"/>, <paramref name="validationPeople"/> and <paramref name="testPeople"/> new names,
    /// each asked about every kind of fact in every wording; invented answers and names drawn by <paramref name="seed"/>.
    /// </summary>
    public static HonestyPairs Create(FactWorld world, InstructionSet sft, int trainPeople, int validationPeople, int testPeople, int seed)
    {
        var rng = new Random(seed);
        HashSet<Fact> Asked(IEnumerable<ChatExample> examples) =>
            [.. examples.Where(e => e.Family == ChatFamily.Facts).Select(e => world.FactAnswered(e.Reference)).OfType<Fact>()];
        var (validationFacts, testFacts) = (Asked(sft.Validation), Asked(sft.Test));
        var trainFacts = world.Facts.Where(f => !validationFacts.Contains(f) && !testFacts.Contains(f)).ToArray();
        rng.Shuffle(trainFacts);
        trainFacts = trainFacts[..Math.Min(trainFacts.Length, trainPeople * Kinds.Length)]; // a known pair for each unknown one
        if (validationFacts.Count == 0 || testFacts.Count == 0)
            throw new GptLabException("the fine-tuning data holds out no facts to validate or test honesty on: fine-tune with the facts family");

        var names = world.NewNames(trainPeople + validationPeople + testPeople, seed);
        var (trainNames, validationNames, testNames) = (names.Take(trainPeople), names.Skip(trainPeople).Take(validationPeople), names.Skip(trainPeople + validationPeople));
        List<PreferencePair> Pairs(IEnumerable<Fact> facts, IEnumerable<string> unknown) =>
        [
            .. from fact in facts from phrasing in Phrasings
               select new PreferencePair(ChatFamily.Facts, Ask(fact.Name, fact.Kind, phrasing), FactQuestions.Answer(fact), FactQuestions.DontKnow, fact.Name),
            .. from name in unknown from kind in Kinds from phrasing in Phrasings
               select new PreferencePair(ChatFamily.Unknown, Ask(name, kind, phrasing), FactQuestions.DontKnow, Invented(world, name, kind, rng), name),
        ];
        var test = (from fact in testFacts.OrderBy(f => f.Name, StringComparer.Ordinal) from phrasing in Phrasings
                    select (Person: fact.Name, Example: new ChatExample(ChatFamily.Facts, [.. Ask(fact.Name, fact.Kind, phrasing), ChatMessage.FromAssistant(FactQuestions.Answer(fact))])))
            .Concat(from name in testNames from kind in Kinds from phrasing in Phrasings
                    select (Person: name, Example: new ChatExample(ChatFamily.Unknown, [.. Ask(name, kind, phrasing), ChatMessage.FromAssistant(FactQuestions.DontKnow)])))
            .ToList();
        var train = Pairs(trainFacts, trainNames);
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(train));
        var validation = Pairs(validationFacts, validationNames);
        return new HonestyPairs(train, validation, [.. test.Select(t => t.Example)], [.. test.Select(t => t.Person)], Pairs(testFacts.OrderBy(f => f.Name, StringComparer.Ordinal), testNames));
    }

    /// <summary>
    /// The pairs' questions, each answered by its preferred answer, for reinforcement learning: the training and validation
    /// pairs' prompts, and the test questions with their people (numbered in order of appearance) as units.
    /// </summary>
    public VerifiableQuestions Questions()
    {
        static ChatExample Preferred(PreferencePair pair) => new(pair.Family, pair.WithChosen);
        var people = TestPeople.Distinct().Select((person, i) => (person, i)).ToDictionary(p => p.person, p => p.i);
        return new VerifiableQuestions([.. Train.Select(Preferred)], [.. Validation.Select(Preferred)], Test, [.. TestPeople.Select(p => people[p])]);
    }

    /// <summary>The pairs and questions as DPO reads them, each test question's unit its person.</summary>
    public PreferenceSplit Split => new(Train, Validation, Questions().Validation, Test, TestPeople);

    /// <summary>The people a set of pairs is about (its units).</summary>
    public static IReadOnlySet<string> People(IEnumerable<PreferencePair> pairs) => pairs.Select(p => p.Unit).ToHashSet();

    private static readonly FactKind[] Kinds = Enum.GetValues<FactKind>();

    private static readonly int[] Phrasings = [.. Enumerable.Range(0, FactQuestions.Phrasings)];

    private static IReadOnlyList<ChatMessage> Ask(string name, FactKind kind, int phrasing) => [ChatMessage.FromUser(FactQuestions.Ask(name, kind, phrasing))];

    // What a model that does not know would make up: the answer's sentence with a value drawn at random.
    private static string Invented(FactWorld world, string name, FactKind kind, Random rng)
    {
        var values = world.Values(kind);
        return FactQuestions.Answer(new Fact(name, kind, values[rng.Next(values.Count)]));
    }
}
