namespace GptLab.Data.Tasks;

/// <summary>
/// The transitive-inference experiment's world: invented people in chains ordered by height, tallest first. The text states
/// each neighbouring pair in two wordings ("Tobin is taller than Mira." and "Mira is shorter than Tobin."); what follows
/// from two statements (Tobin is taller than whoever Mira is taller than) is never written. Implied questions use only
/// people from inside a chain, each of whom is once the taller and once the shorter of a stated pair, so no count of
/// "taller" or "shorter" next to a name gives the answer away: only the order does.
/// </summary>
public sealed class ComparisonChains
{
    private ComparisonChains(IReadOnlyList<IReadOnlyList<string>> chains) => Chains = chains;

    /// <summary>Each chain's people, tallest first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Chains { get; }

    /// <summary>Invents <paramref name="chainCount"/> chains of <paramref name="chainLength"/> (at least 5) distinct people.</summary>
    public static ComparisonChains Create(int chainCount, int chainLength, int seed)
    {
        if (chainLength < 5) throw new GptLabException($"chain length {chainLength} leaves no implied pair of inner people: use 5 or more");
        var names = new NameMaker(new Random(seed), "is taller than shorter");
        return new ComparisonChains([.. Enumerable.Range(0, chainCount).Select(_ => (IReadOnlyList<string>)[.. Enumerable.Range(0, chainLength).Select(_ => names.Next())])]);
    }

    /// <summary>Every stated sentence once: each neighbouring pair in both wordings.</summary>
    public IEnumerable<string> Statements() => Chains.SelectMany(c => c.Zip(c.Skip(1), (tall, low) => new[]
    {
        $"{tall} is taller than {low}.",
        $"{low} is shorter than {tall}.",
    })).SelectMany(s => s);

    /// <summary>The training text: every statement <paramref name="repeats"/> times, one per line, in a shuffled order.</summary>
    public string Text(int repeats, int seed) =>
        TextLines.Shuffled(Enumerable.Repeat(Statements().ToArray(), repeats).SelectMany(s => s), new Random(seed));

    /// <summary>Questions whose answer is written: each stated pair asked from both sides.</summary>
    public IReadOnlyList<ChoiceQuestion> Stated() => [.. Pairs(distance: 1, inner: false).SelectMany(Ask)];

    /// <summary>
    /// Questions whose answer only follows: two people two or more places apart in a chain, neither at its end, asked
    /// from both sides. No sentence of the text compares them.
    /// </summary>
    public IReadOnlyList<ChoiceQuestion> Implied() => [.. Pairs(distance: 2, inner: true).SelectMany(Ask)];

    private IEnumerable<(string Tall, string Short)> Pairs(int distance, bool inner)
    {
        foreach (var chain in Chains)
        {
            var (first, last) = inner ? (1, chain.Count - 2) : (0, chain.Count - 1);
            for (var i = first; i <= last; i++)
                for (var j = i + distance; j <= last; j++)
                {
                    yield return (chain[i], chain[j]);
                    if (distance == 1) break; // stated: neighbours only
                }
        }
    }

    private static IEnumerable<ChoiceQuestion> Ask((string Tall, string Short) pair)
    {
        // A new line first, as every sentence of the text starts.
        yield return new ChoiceQuestion($"\n{pair.Tall} is ", $"taller than {pair.Short}.", $"shorter than {pair.Short}.");
        yield return new ChoiceQuestion($"\n{pair.Short} is ", $"shorter than {pair.Tall}.", $"taller than {pair.Tall}.");
    }
}
