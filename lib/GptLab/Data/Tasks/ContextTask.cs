namespace GptLab.Data.Tasks;

/// <summary>
/// The "context" family: conversations in which the user tells something about themselves and asks about it later. The
/// fact is stated on its own ("My pet is a hen." → "OK."), told in passing in front of another request, changed
/// ("Actually, my pet is a duck."), or told and asked in one message (<see cref="ContextForm"/>); zero to
/// <see cref="MaxIntervening"/> exchanges stand between the telling and the question: sums, copies, reversals and other facts
/// told about the user's other things. Only the telling holds the answer (no exchange in between names it), so deleting it
/// (<see cref="ContextProbe.Ablated"/>) leaves a guess (<see cref="ChanceRate"/>). Values are held out: a test conversation
/// names a pet, colour, food or secret word (one of the copy family's hundred) that no training conversation of this
/// family tells or answers with.
/// </summary>
public static class ContextTask
{
    /// <summary>Most exchanges between the telling and the question, in training and test alike.</summary>
    public const int MaxIntervening = 8;

    /// <summary>The assistant's answer to a statement.</summary>
    public const string Acknowledgement = "OK.";

    private const string Change = "Actually, ";

    private sealed record Kind(string Name, string[] Values, string[] Statements, string[] Questions, string Answer);

    private static readonly Kind[] Kinds =
    [
        // Two dozen pets, twenty colours, two dozen foods: with the dozen each once had, the model answered the 8 trained
        // values whatever it was told (seed 1337, 4 exchanges between: 1 test pet in 12 and no food right, 88 of 100
        // secret words); more values to copy make copying the skill that pays.
        new("pet", ["hen", "cat", "dog", "cow", "pig", "fox", "owl", "duck", "goat", "frog", "bear", "fish",
             "bird", "bee", "ant", "lion", "mouse", "horse", "sheep", "bunny", "puppy", "kitten", "turtle", "snail"],
            ["My pet is a {value}.", "I have a pet {value}."], ["What is my pet?", "Which pet do I have?"], "Your pet is a {value}."),
        new("colour", ["red", "blue", "green", "pink", "gold", "white", "black", "brown", "grey", "yellow", "purple", "orange",
             "silver", "violet", "tan", "cream", "navy", "peach", "lime", "teal"],
            ["My favourite colour is {value}.", "I love the colour {value}."], ["What is my favourite colour?", "Which colour do I love?"],
            "Your favourite colour is {value}."),
        new("food", ["cake", "milk", "bread", "pie", "corn", "soup", "rice", "cheese", "honey", "plums", "pears", "beans",
             "apples", "eggs", "jam", "candy", "cookies", "pizza", "carrots", "peas", "nuts", "grapes", "toast", "pasta"],
            ["I like to eat {value}.", "My favourite food is {value}."], ["What do I like to eat?", "What is my favourite food?"],
            "You like to eat {value}."),
        // A hundred values: too many to guess, so the family is learned by reading the earlier turn, not by picking a likely answer.
        new("secret word", WordTasks.Words, ["The secret word is {value}.", "Remember this word: {value}."], ["What is the secret word?", "Which word did I tell you?"],
            "The secret word is {value}."),
    ];

    private static readonly ContextForm[] Forms = Enum.GetValues<ContextForm>();

    /// <summary>What <see cref="ContextProbe.Item"/> asks about: "pet", "colour", "food" or "secret word".</summary>
    public static string KindOf(int item) => Kinds[item / 1000].Name;

    /// <summary>Every kind, in the order of <see cref="KindOf"/>'s answers.</summary>
    public static IReadOnlyList<string> AllKinds { get; } = [.. Kinds.Select(k => k.Name)];

    // A wording: form × statement × question; the exchanges in between are drawn apart.
    private static readonly int Wordings = Forms.Length * 2 * 2;

    /// <summary>
    /// The share of held-out questions a guess gets right without the telling: <see cref="HeldOut"/> asks about every
    /// test value equally often, and a guess is right one time in as many values as the value's kind has.
    /// </summary>
    public static double ChanceRate(int seed) => Split(seed).Test.Average(item => 1.0 / Kinds[item.Kind].Values.Length);

    /// <summary>The most exchanges between the telling and the question that <paramref name="form"/> trains with: a change takes two more (the first telling, one exchange), one message none.</summary>
    public static int MostIntervening(ContextForm form) => form switch
    {
        ContextForm.Changed => MaxIntervening - 2,
        ContextForm.SameMessage => 0,
        _ => MaxIntervening,
    };

    /// <summary>The family for <see cref="InstructionSet.Generate"/>: in-between exchanges come from <paramref name="exchanges"/>.</summary>
    internal static InstructionSet Draw(InstructionSetOptions options, Random rng, IReadOnlyList<ChatExample> exchanges)
    {
        var (train, validation, test) = Split(options.Seed);
        // Validation holds one or two values of a kind: its conversations take former values and other facts from training's too.
        var validationPool = validation.Concat(train).ToList();
        IReadOnlyList<(int, int)> Pool((int Kind, int Value) item) => train.Contains(item) ? train : validation.Contains(item) ? validationPool : test;
        return new TaskPool<(int Kind, int Value)>(train, validation, test, Wordings, (item, wording) =>
        {
            var form = Forms[wording % Forms.Length];
            return Build(item, Pool(item), form, wording / Forms.Length % 2, wording / Forms.Length / 2, rng.Next(MostIntervening(form) + 1), exchanges, rng).Conversation;
        }).Draw(options, rng);
    }

    /// <summary>
    /// <paramref name="count"/> questions about the held-out test values of data seed <paramref name="seed"/>, every value in
    /// turn, each told in <paramref name="form"/> with exactly <paramref name="intervening"/> exchanges before the question
    /// (other exchanges from <paramref name="exchanges"/>, or other facts about the user).
    /// </summary>
    public static IReadOnlyList<ContextProbe> HeldOut(int seed, ContextForm form, int intervening, int count, IReadOnlyList<ChatExample> exchanges, Random rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervening);
        if (form == ContextForm.SameMessage && intervening > 0)
            throw new GptLabException("a fact told and asked in one message has no exchanges in between: ask for 0");
        var test = Split(seed).Test;
        return [.. Enumerable.Range(0, count).Select(i => Build(test[i % test.Count], test, form, rng.Next(2), rng.Next(2), intervening, exchanges, rng))];
    }

    /// <summary>
    /// The exchanges that may stand between telling and question: single-turn examples of the short families (arithmetic,
    /// copy, reverse) among <paramref name="examples"/>. Capitals are left out: byte-level BPE cuts them into several
    /// times the tokens, and eight exchanges must fit the chat-cpu context.
    /// </summary>
    public static IReadOnlyList<ChatExample> Exchanges(IEnumerable<ChatExample> examples) =>
        [.. examples.Where(e => e.Messages.Count == 2 && e.Family is ChatFamily.Arithmetic or ChatFamily.Copy or ChatFamily.Reverse)];

    // Values split once per data seed: a quarter of every kind's for test, a twelfth for validation, the rest train.
    private static (List<(int Kind, int Value)> Train, List<(int Kind, int Value)> Validation, List<(int Kind, int Value)> Test) Split(int seed)
    {
        var rng = new Random(StepSeed.For(seed, ChatFamily.Synthetic.Count, 1));
        var (train, validation, test) = (new List<(int, int)>(), new List<(int, int)>(), new List<(int, int)>());
        for (var kind = 0; kind < Kinds.Length; kind++)
        {
            var values = Enumerable.Range(0, Kinds[kind].Values.Length).ToArray();
            rng.Shuffle(values);
            var (tested, validated) = (values.Length / 4, Math.Max(1, values.Length / 12));
            test.AddRange(values[..tested].Select(v => (kind, v)));
            validation.AddRange(values[tested..(tested + validated)].Select(v => (kind, v)));
            train.AddRange(values[(tested + validated)..].Select(v => (kind, v)));
        }
        return (train, validation, test);
    }

    private static bool Mentions(string text, string value) =>
        text.Split(' ', '.', '?', ':', ',').Any(word => word.Equals(value, StringComparison.OrdinalIgnoreCase));

    // One conversation about `item`, its other values (a former one, other facts) from `pool`, the item's own split.
    private static ContextProbe Build((int Kind, int Value) item, IReadOnlyList<(int Kind, int Value)> pool, ContextForm form, int statement, int question,
        int intervening, IReadOnlyList<ChatExample> exchanges, Random rng)
    {
        var kind = Kinds[item.Kind];
        string Told(int kindIndex, int value, int wording) => Kinds[kindIndex].Statements[wording].Replace("{value}", Kinds[kindIndex].Values[value]);
        string Answered(int value) => kind.Answer.Replace("{value}", kind.Values[value]);
        var (told, answer) = (Told(item.Kind, item.Value, statement), Answered(item.Value));
        var named = new List<string> { kind.Values[item.Value] }; // values no other exchange may name
        var (before, telling, ablatedTelling) = (new List<ChatMessage>(), new List<ChatMessage>(), new List<ChatMessage>());
        string? former = null;
        switch (form)
        {
            case ContextForm.Stated:
                telling.AddRange([ChatMessage.FromUser(told), ChatMessage.FromAssistant(Acknowledgement)]);
                break;
            case ContextForm.InPassing:
                var request = Exchange();
                telling.AddRange([ChatMessage.FromUser($"{told} {request.Messages[0].Content}"), request.Messages[1]]);
                ablatedTelling.AddRange(request.Messages);
                break;
            case ContextForm.Changed:
                var others = pool.Where(p => p.Kind == item.Kind && p.Value != item.Value).ToList();
                var earlier = others[rng.Next(others.Count)];
                named.Add(kind.Values[earlier.Value]);
                former = Answered(earlier.Value);
                before.AddRange([ChatMessage.FromUser(Told(item.Kind, earlier.Value, rng.Next(2))), ChatMessage.FromAssistant(Acknowledgement)]);
                if (rng.Next(2) == 1) before.AddRange(Exchange().Messages);
                telling.AddRange([ChatMessage.FromUser(Change + char.ToLowerInvariant(told[0]) + told[1..]), ChatMessage.FromAssistant(Acknowledgement)]);
                break;
        }
        var between = new List<ChatMessage>();
        for (var i = 0; i < intervening; i++)
        {
            // One in four is another fact about the user, of another kind: a statement to acknowledge and not to answer with.
            var other = pool[rng.Next(pool.Count)];
            var fact = Told(other.Kind, other.Value, rng.Next(2));
            if (rng.Next(4) == 0 && other.Kind != item.Kind && !named.Any(v => Mentions(fact, v)))
                between.AddRange([ChatMessage.FromUser(fact), ChatMessage.FromAssistant(Acknowledgement)]);
            else
                between.AddRange(Exchange().Messages);
        }
        var asked = kind.Questions[question];
        List<ChatMessage> Ending(string user) => [ChatMessage.FromUser(user), ChatMessage.FromAssistant(answer)];
        var (ending, ablatedEnding) = form == ContextForm.SameMessage ? (Ending($"{told} {asked}"), Ending(asked)) : (Ending(asked), Ending(asked));
        return new ContextProbe(
            new ChatExample(ChatFamily.Context, [.. before, .. telling, .. between, .. ending]),
            new ChatExample(ChatFamily.Context, [.. before, .. ablatedTelling, .. between, .. ablatedEnding]),
            form, intervening, item.Kind * 1000 + item.Value, former);

        ChatExample Exchange() // one that names none of the values told in this conversation
        {
            while (true)
                if (exchanges[rng.Next(exchanges.Count)] is var e && !e.Messages.Any(m => named.Any(v => Mentions(m.Content, v)))) return e;
        }
    }
}
