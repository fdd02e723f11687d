namespace GptLab.Data.Tasks;

/// <summary>
/// The "context" family: the user says something about themselves ("My pet is a hen."), the assistant answers "OK.",
/// zero to <see cref="MaxIntervening"/> other exchanges follow (sums, copies, capitals from the training examples), and
/// then the user asks ("What is my pet?" → "Your pet is a hen."). Only the earlier turn holds the answer (no exchange in
/// between names it), so deleting it
/// (<see cref="WithoutStatement"/>) leaves a guess (<see cref="ChanceRate"/>). Values are held out: a test conversation
/// names a pet, colour, food or secret word (one of the copy family's hundred) no training conversation of this family answers with.
/// </summary>
public static class ContextTask
{
    /// <summary>Most exchanges between the statement and the question, in training and test alike.</summary>
    public const int MaxIntervening = 3;


    /// <summary>The assistant's answer to a statement.</summary>
    public const string Acknowledgement = "OK.";


    private sealed record Kind(string[] Values, string[] Statements, string[] Questions, string Answer);

    private static readonly Kind[] Kinds =
    [
        new(["hen", "cat", "dog", "cow", "pig", "fox", "owl", "duck", "goat", "frog", "bear", "fish"],
            ["My pet is a {value}.", "I have a pet {value}."], ["What is my pet?", "Which pet do I have?"], "Your pet is a {value}."),
        new(["red", "blue", "green", "pink", "gold", "white", "black", "brown", "grey", "yellow", "purple", "orange"],
            ["My favourite colour is {value}.", "I love the colour {value}."], ["What is my favourite colour?", "Which colour do I love?"],
            "Your favourite colour is {value}."),
        new(["cake", "milk", "bread", "pie", "corn", "soup", "rice", "cheese", "honey", "plums", "pears", "beans"],
            ["I like to eat {value}.", "My favourite food is {value}."], ["What do I like to eat?", "What is my favourite food?"],
            "You like to eat {value}."),
        // A hundred values: too many to guess, so the family is learned by reading the earlier turn, not by picking a likely answer.
        new(WordTasks.Words, ["The secret word is {value}.", "Remember this word: {value}."], ["What is the secret word?", "Which word did I tell you?"],
            "The secret word is {value}."),
    ];

    /// <summary>
    /// The share of held-out questions a guess gets right without the earlier turn: <see cref="HeldOut"/> asks about every
    /// test value equally often, and a guess is right one time in as many values as the value's kind has.
    /// </summary>
    public static double ChanceRate(int seed)
    {
        var test = Split(seed).Test;
        return test.Average(item => 1.0 / Kinds[item.Kind].Values.Length);
    }

    // A wording: statement × question × intervening exchanges.
    private static readonly int Wordings = 2 * 2 * (MaxIntervening + 1);

    /// <summary>The family for <see cref="InstructionSet.Generate"/>: in-between exchanges come from <paramref name="exchanges"/>.</summary>
    internal static InstructionSet Draw(InstructionSetOptions options, Random rng, IReadOnlyList<ChatExample> exchanges)
    {
        var (train, validation, test) = Split(options.Seed);
        return new TaskPool<(int Kind, int Value)>(train, validation, test, Wordings, (item, wording) =>
            Conversation(item, wording % 2, wording / 2 % 2, wording / 4, exchanges, rng)).Draw(options, rng);
    }

    /// <summary>
    /// <paramref name="count"/> conversations about the held-out test values of data seed <paramref name="seed"/>, each with
    /// exactly <paramref name="intervening"/> exchanges from <paramref name="exchanges"/> between statement and question.
    /// </summary>
    public static IReadOnlyList<ChatExample> HeldOut(int seed, int intervening, int count, IReadOnlyList<ChatExample> exchanges, Random rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervening);
        var test = Split(seed).Test;
        return [.. Enumerable.Range(0, count).Select(i => Conversation(test[i % test.Count], rng.Next(2), rng.Next(2), intervening, exchanges, rng))];
    }

    /// <summary>
    /// The exchanges that may stand between statement and question: single-turn examples of the short families
    /// (arithmetic, copy, reverse, uppercase) among <paramref name="examples"/>.
    /// </summary>
    public static IReadOnlyList<ChatExample> Exchanges(IEnumerable<ChatExample> examples) =>
        [.. examples.Where(e => e.Messages.Count == 2 && e.Family is ChatFamily.Arithmetic or ChatFamily.Copy or ChatFamily.Reverse or ChatFamily.Uppercase)];

    /// <summary>The same conversation with the statement and its acknowledgement deleted: the ablation.</summary>
    public static ChatExample WithoutStatement(ChatExample conversation) =>
        conversation with { Messages = [.. conversation.Messages.Skip(2)] };

    /// <summary>Exchanges between statement and question in a conversation of this family.</summary>
    public static int InterveningOf(ChatExample conversation) => (conversation.Messages.Count - 4) / 2;

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
        text.Split(' ', '.', '?', ':').Any(word => word.Equals(value, StringComparison.OrdinalIgnoreCase));

    private static ChatExample Conversation((int Kind, int Value) item, int statement, int question, int intervening, IReadOnlyList<ChatExample> exchanges, Random rng)
    {
        var kind = Kinds[item.Kind];
        var value = kind.Values[item.Value];
        var messages = new List<ChatMessage>
        {
            ChatMessage.FromUser(kind.Statements[statement].Replace("{value}", value)), ChatMessage.FromAssistant(Acknowledgement),
        };
        while (messages.Count < 2 + 2 * intervening)
        {
            var exchange = exchanges[rng.Next(exchanges.Count)];
            if (!exchange.Messages.Any(m => Mentions(m.Content, value))) messages.AddRange(exchange.Messages); // the answer only in the statement
        }
        messages.Add(ChatMessage.FromUser(kind.Questions[question]));
        messages.Add(ChatMessage.FromAssistant(kind.Answer.Replace("{value}", value)));
        return new ChatExample(ChatFamily.Context, messages);
    }
}
