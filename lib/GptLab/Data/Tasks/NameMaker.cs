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

    /// <summary>A new name, two or three syllables, capitalised.</summary>
    public string Next()
    {
        while (true)
        {
            var middle = rng.Next(2) == 0 ? "" : Middles[rng.Next(Middles.Length)];
            var name = Starts[rng.Next(Starts.Length)] + middle + Ends[rng.Next(Ends.Length)];
            var lower = name.ToLowerInvariant();
            if (_reserved.Contains(lower, StringComparison.Ordinal) || _made.Any(m => m.Contains(lower) || lower.Contains(m))) continue;
            _made.Add(lower);
            return name;
        }
    }
}
