namespace GptLab.Experiments;

/// <summary>
/// Short texts for comparing tokenizers: English prose, Shakespeare, French and German (accents, ß), Russian
/// (Cyrillic: two UTF-8 bytes per letter) and C# code. Written for this course, except Shakespeare, which is a
/// passage from the held-out end of the corpus.
/// </summary>
public static class SampleTexts
{
    /// <summary>Modern English prose.</summary>
    public const string English =
        "The weather turned cold on Tuesday, so the bakery on the corner started selling hot soup at lunch. " +
        "By Friday there was a queue around the block, and the owner had asked two students to help with the dishes.";

    /// <summary>French, with accents and a ligature.</summary>
    public const string French =
        "L'été dernier, nous avons passé une semaine près d'un lac où l'eau était très claire. " +
        "Chaque matin, ma sœur préparait le café pendant que les enfants cherchaient des grenouilles sous les pierres.";

    /// <summary>German, with umlauts and ß.</summary>
    public const string German =
        "Im Frühling öffnet die kleine Bäckerei schon um sechs Uhr. Die Straßen sind dann noch leer, " +
        "aber der Duft von frischem Brot zieht über den ganzen Platz, und die ersten Gäste warten geduldig.";

    /// <summary>Russian, a non-Latin script.</summary>
    public const string Russian =
        "Вечером мы долго гуляли по набережной и смотрели, как над рекой зажигаются огни. " +
        "Потом начался дождь, и нам пришлось спрятаться в маленьком кафе у моста.";

    /// <summary>C# source code.</summary>
    public const string CSharp =
        """
        public static int CountWords(string text)
        {
            var count = 0;
            foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (part.Any(char.IsLetter)) count++;
            return count;
        }
        """;

    /// <summary>
    /// About <paramref name="length"/> characters of Shakespeare from the last <paramref name="heldOutFraction"/> of
    /// <paramref name="corpus"/> (text a tokenizer trained on the rest has not seen), starting at a speaker's name.
    /// </summary>
    public static string Shakespeare(string corpus, int length = 400, double heldOutFraction = 0.1)
    {
        var heldOut = Data.Corpus.Split(corpus, heldOutFraction).Val;
        var start = heldOut.IndexOf("\n\n", StringComparison.Ordinal) is var at and >= 0 ? at + 2 : 0;
        var end = Math.Min(heldOut.Length, start + length);
        var lineEnd = heldOut.LastIndexOf('\n', end - 1, end - start);
        return heldOut[start..(lineEnd > start ? lineEnd : end)];
    }

    /// <summary>All of them, by name: English, Shakespeare, French, German, Russian, C#.</summary>
    public static IReadOnlyDictionary<string, string> All(string shakespeareCorpus) => new OrderedDictionary<string, string>
    {
        ["English"] = English,
        ["Shakespeare"] = Shakespeare(shakespeareCorpus),
        ["French"] = French,
        ["German"] = German,
        ["Russian"] = Russian,
        ["C#"] = CSharp,
    };
}
