namespace GptLab.Data.Tasks;

/// <summary>
/// The memorization experiment's corpus: a base text (Shakespeare) with passages of another text (paragraphs from
/// TinyStories) inserted 1, 2, 4, 8 or 16 times each at random line breaks, and as many passages of the same source
/// that are never inserted (the held-out group). Each passage is a line of its own; a model that continues a passage's
/// opening with its next characters exactly has memorised it.
/// </summary>
public sealed class RepeatedPassages
{
    /// <summary>How many copies of each passage the groups insert.</summary>
    public static readonly int[] Copies = [1, 2, 4, 8, 16];

    /// <summary>Characters of each passage: a <see cref="PromptLength"/> opening and the continuation that follows.</summary>
    public const int PassageLength = 80;

    /// <summary>The opening the model is given.</summary>
    public const int PromptLength = 24;

    /// <summary>The characters after the opening that must come out exactly.</summary>
    public const int ContinuationLength = 32;

    private RepeatedPassages(IReadOnlyList<(int Copies, string Passage)> inserted, IReadOnlyList<string> heldOut, string text)
    {
        Inserted = inserted;
        HeldOut = heldOut;
        Text = text;
    }

    /// <summary>Each inserted passage with its number of copies.</summary>
    public IReadOnlyList<(int Copies, string Passage)> Inserted { get; }

    /// <summary>Passages from the same source that the text never contains.</summary>
    public IReadOnlyList<string> HeldOut { get; }

    /// <summary>The training text: the base text with every copy inserted.</summary>
    public string Text { get; }

    /// <summary>
    /// Inserts <paramref name="perGroup"/> passages per number of <see cref="Copies"/> into <paramref name="baseText"/>;
    /// the passages are the second paragraphs of the stories in <paramref name="stories"/> (documents separated by
    /// <paramref name="documentEnd"/>), cut to <see cref="PassageLength"/> characters, each with a distinct opening and
    /// only characters the base text has.
    /// </summary>
    public static RepeatedPassages Create(string baseText, string stories, string documentEnd, int perGroup, int seed)
    {
        var random = new Random(seed);
        var alphabet = baseText.ToHashSet(); // a held-out passage must be writable in the model's vocabulary too
        var passages = stories.Split(documentEnd, StringSplitOptions.RemoveEmptyEntries)
            .Select(story => story.Trim().Split('\n'))
            .Where(paragraphs => paragraphs.Length > 1 && paragraphs[1].Length >= PassageLength)
            .Select(paragraphs => paragraphs[1][..PassageLength])
            .Where(p => p.All(alphabet.Contains))
            .DistinctBy(p => p[..PromptLength])
            .ToArray();
        var needed = perGroup * (Copies.Length + 1);
        if (passages.Length < needed) throw new GptLabException($"the stories give {passages.Length} passages but the experiment needs {needed}: use fewer per group");
        random.Shuffle(passages);
        var inserted = Copies.SelectMany((copies, g) => passages.Skip(g * perGroup).Take(perGroup).Select(p => (copies, p))).ToArray();
        var heldOut = passages.Skip(Copies.Length * perGroup).Take(perGroup).ToArray();

        var lines = baseText.Split('\n').ToList();
        var copiesToInsert = inserted.SelectMany(i => Enumerable.Repeat(i.p, i.copies)).ToArray();
        random.Shuffle(copiesToInsert);
        foreach (var copy in copiesToInsert) lines.Insert(random.Next(lines.Count + 1), copy);
        return new RepeatedPassages(inserted, heldOut, string.Join("\n", lines));
    }
}
