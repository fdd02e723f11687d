namespace GptLab.Data.Tasks;

/// <summary>
/// Invented names built from syllables ("To" + "re" + "vik"): they read like names, yet are unlikely to be
/// English words or names a story corpus already uses, so everything a model knows about them comes from the
/// <see cref="FactWorld"/> text. No name made is part of another (so "Tobin" never hides inside "Zotobin"),
/// nor of the <paramref name="reserved"/> words the text is written with.
/// </summary>
internal sealed class NameMaker(Random rng, string reserved)
{
    private static readonly string[] Starts =
        ["Ta", "To", "Mi", "Ve", "Lu", "Zo", "Ka", "Ne", "Pi", "Do", "Su", "Ra", "Fe", "Li", "Bo", "Na", "Ki", "Vu", "Te", "Mo", "Zi", "Ru", "Ga", "Jo"];

    private static readonly string[] Middles = ["re", "la", "no", "vi", "ma", "ki", "to", "su"];

    private static readonly string[] Ends =
        ["bin", "rel", "lun", "dor", "vik", "zel", "mir", "sen", "rop", "lek", "wen", "dax", "rik", "fim", "lis", "zom"];

    private readonly List<string> _made = [];
    private readonly string _reserved = reserved.ToLowerInvariant();

    /// <summary>Marks <paramref name="name"/> as made elsewhere: no later name is it, hides it or hides inside it.</summary>
    public void Take(string name) => _made.Add(name.ToLowerInvariant());

    /// <summary>A new name, two or three syllables, capitalised.</summary>
    public string Next()
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var middle = rng.Next(2) == 0 ? "" : Middles[rng.Next(Middles.Length)];
            var name = Starts[rng.Next(Starts.Length)] + middle + Ends[rng.Next(Ends.Length)];
            var lower = name.ToLowerInvariant();
            if (_reserved.Contains(lower, StringComparison.Ordinal) || _made.Any(m => m.Contains(lower) || lower.Contains(m))) continue;
            _made.Add(lower);
            return name;
        }
        throw new GptLabException($"no new name is left to invent after {_made.Count} names: ask for fewer people");
    }

    // Draws before giving up: the syllables make about 3,400 names, and each one made rules out the ones it hides in.
    private const int MaxAttempts = 100_000;
}
