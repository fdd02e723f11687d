namespace GptLab.Data.Tasks;

/// <summary>
/// The "copy", "reverse" and "uppercase" families: 2–4 different words from a list of 100 simple ones, to repeat,
/// say in reverse order, or say in capitals. Held-out word lists are never asked in training.
/// </summary>
internal static class WordTasks
{
    /// <summary>Short words a story-trained tokenizer knows well.</summary>
    internal static readonly string[] Words =
    [
        "red", "blue", "green", "pink", "gold", "cat", "dog", "cow", "pig", "hen", "fox", "owl", "bee", "ant", "bird", "fish",
        "frog", "duck", "goat", "bear", "lion", "sun", "moon", "star", "sky", "rain", "snow", "wind", "tree", "leaf", "rose",
        "box", "cup", "hat", "bed", "car", "bus", "ball", "book", "door", "key", "pen", "map", "bag", "toy", "kite", "boat",
        "ship", "drum", "bell", "lamp", "big", "small", "hot", "cold", "old", "new", "fast", "slow", "soft", "loud", "happy",
        "sad", "run", "jump", "sing", "play", "swim", "read", "eat", "walk", "sit", "hop", "one", "two", "three", "four",
        "five", "six", "ten", "apple", "cake", "milk", "egg", "bread", "pie", "corn", "home", "park", "hill", "lake", "road",
        "farm", "sea", "girl", "boy", "mom", "dad", "nest", "fun",
    ];

    private static readonly Dictionary<string, string[]> Wordings = new()
    {
        [ChatFamily.Copy] = ["Repeat: {words}", "Say this back: {words}", "Copy these words: {words}"],
        [ChatFamily.Reverse] = ["Reverse the words: {words}", "Say these words backwards: {words}", "Put these words in reverse order: {words}"],
        [ChatFamily.Uppercase] = ["Say in capitals: {words}", "Write in capital letters: {words}", "Uppercase this: {words}"],
    };

    public static InstructionSet Draw(string family, InstructionSetOptions options, Random rng)
    {
        // Distinct word lists, held-out ones first; the space (over 90 million lists) is far larger than any request.
        var seen = new HashSet<string>();
        List<string[]> Lists(int count)
        {
            var lists = new List<string[]>();
            while (lists.Count < count)
            {
                var shuffled = (string[])Words.Clone();
                rng.Shuffle(shuffled);
                var words = shuffled[..rng.Next(2, 5)];
                if (seen.Add(string.Join(' ', words))) lists.Add(words);
            }
            return lists;
        }
        var test = Lists(options.TestPerFamily);
        var validation = Lists(options.ValidationPerFamily);
        var train = Lists(options.TrainPerFamily);
        return new TaskPool<string[]>(train, validation, test, Wordings[family].Length, (words, wording) =>
            new ChatExample(family, [ChatMessage.FromUser(Wordings[family][wording].Replace("{words}", string.Join(' ', words))),
                ChatMessage.FromAssistant(Answer(family, words))])).Draw(options, rng);
    }

    private static string Answer(string family, string[] words) => family switch
    {
        ChatFamily.Copy => string.Join(' ', words),
        ChatFamily.Reverse => string.Join(' ', Enumerable.Reverse(words)),
        _ => string.Join(' ', words).ToUpperInvariant(),
    };
}
