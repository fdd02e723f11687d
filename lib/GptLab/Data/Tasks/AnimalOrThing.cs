namespace GptLab.Data.Tasks;

/// <summary>
/// "Animal or thing?": one sentence frame, one noun, and the label says which kind the noun names. The nouns of the
/// test split never occur in a training sentence, so a classifier can only get them right from what it knew about
/// those words beforehand: a network trained from scratch sits at chance on them, one pretrained on stories that
/// mention bears and spoons can do better. Every noun occurs at least 50 times in the shipped TinyStories text.
/// </summary>
public static class AnimalOrThing
{
    public const int ThingLabel = 0;
    public const int AnimalLabel = 1;

    /// <summary>Label names, indexed by label.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["thing", "animal"];

    // Ordered by how often they occur in data/tinystories/stories.txt, so both splits hold common and rarer words.
    // Nouns the frames themselves use (tree, table, door) are left out.
    public static IReadOnlyList<string> Animals { get; } =
    [
        "bird", "dog", "cat", "bear", "fish", "rabbit", "mouse", "frog", "bunny", "squirrel", "duck", "lion", "fox", "butterfly",
        "puppy", "bee", "horse", "wolf", "pig", "cow", "snake", "kitten", "spider", "turtle", "monkey", "dolphin", "whale", "goat",
    ];

    public static IReadOnlyList<string> Things { get; } =
    [
        "ball", "toy", "box", "car", "cake", "boat", "truck", "doll", "bed", "book", "hat", "bag", "balloon", "kite",
        "bike", "blanket", "bowl", "rope", "spoon", "cup", "chair", "cookie", "clock", "plate", "plane", "lamp", "drum",
    ];

    /// <summary>Sentence frames with one slot for the noun; each fits an animal and a thing alike.</summary>
    public static IReadOnlyList<string> Frames { get; } =
    [
        "Lily saw a {0} in the garden.", "Tom found a {0} near the tree.", "There was a big {0} in the park.",
        "Mom gave Ben a little {0}.", "The {0} was under the table.", "Sue looked at the {0} and smiled.",
        "A {0} sat by the door.", "They played with the {0} all day.",
    ];

    /// <summary>Every third noun of each list (the 2nd, 5th, 8th, …) is held out for testing.</summary>
    public static bool IsTestWord(string noun) => Index(noun) % 3 == 1;

    /// <summary>The held-out nouns: animals first.</summary>
    public static IReadOnlyList<string> TestWords => [.. Animals.Concat(Things).Where(IsTestWord)];

    /// <summary>The label of <paramref name="noun"/>: <see cref="AnimalLabel"/> or <see cref="ThingLabel"/>.</summary>
    public static int LabelOf(string noun) =>
        Animals.Contains(noun) ? AnimalLabel
        : Things.Contains(noun) ? ThingLabel
        : throw new GptLabException($"'{noun}' is in neither word list: use a noun from AnimalOrThing.Animals or AnimalOrThing.Things");

    /// <summary>The sentences of <paramref name="noun"/>: one per frame, each labelled with the noun's kind.</summary>
    public static IReadOnlyList<LabeledText> Sentences(string noun)
    {
        var label = LabelOf(noun);
        return [.. Frames.Select(frame => new LabeledText(string.Format(frame, noun), label))];
    }

    /// <summary>The task: every frame with every training noun, and with every held-out noun for the test split.</summary>
    public static ClassificationDataset Dataset()
    {
        var nouns = Animals.Concat(Things).ToList();
        return new ClassificationDataset(Labels,
            [.. nouns.Where(n => !IsTestWord(n)).SelectMany(Sentences)],
            [.. nouns.Where(IsTestWord).SelectMany(Sentences)]);
    }

    private static int Index(string noun)
    {
        var list = LabelOf(noun) == AnimalLabel ? Animals : Things;
        for (var i = 0; i < list.Count; i++) if (list[i] == noun) return i;
        return -1;
    }
}
