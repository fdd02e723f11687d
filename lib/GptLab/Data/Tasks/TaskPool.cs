using System.Runtime.InteropServices;

namespace GptLab.Data.Tasks;

/// <summary>
/// One family's items (problems, facts, word lists, stories) already split three ways, and how an item and a
/// wording become an example. Splitting items rather than examples is what keeps a held-out item out of
/// training in every wording.
/// </summary>
internal sealed record TaskPool<T>(
    IReadOnlyList<T> Train, IReadOnlyList<T> Validation, IReadOnlyList<T> Test, int Wordings, Func<T, int, ChatExample> Example)
{
    /// <summary>
    /// Training examples pass over the training items in a new random order each time, with a random wording, until
    /// there are enough; held-out examples are distinct (item, wording) pairs, every item once before any twice.
    /// </summary>
    public InstructionSet Draw(InstructionSetOptions options, Random rng)
    {
        var train = new List<ChatExample>();
        while (Train.Count > 0 && train.Count < options.TrainPerFamily)
            foreach (var item in Shuffled(Train, rng).Take(options.TrainPerFamily - train.Count))
                train.Add(Example(item, rng.Next(Wordings)));
        return new InstructionSet(train, HeldOut(Validation, options.ValidationPerFamily, rng), HeldOut(Test, options.TestPerFamily, rng));
    }

    /// <summary>
    /// Shuffles <paramref name="items"/> and takes <paramref name="test"/> for test, then <paramref name="validation"/>,
    /// leaving the rest (at least half) for training.
    /// </summary>
    public static (List<T> Train, List<T> Validation, List<T> Test) Split(
        IEnumerable<T> items, int validation, int test, Random rng, string family, string unit)
    {
        var all = Shuffled(items.ToList(), rng);
        if (validation + test > all.Count / 2)
            throw new GptLabException(
                $"the {family} family has only {all.Count} {unit}, too few to hold out {validation} for validation and {test} for test: " +
                $"ask for at most {all.Count / 2} validation and test examples together");
        return ([.. all.Skip(validation + test)], [.. all.Skip(test).Take(validation)], [.. all.Take(test)]);
    }

    private List<ChatExample> HeldOut(IReadOnlyList<T> items, int count, Random rng)
    {
        var order = Shuffled(items, rng);
        var offsets = order.Select(_ => rng.Next(Wordings)).ToArray();
        var examples = new List<ChatExample>();
        for (int round = 0; round < Wordings; round++)
            for (int i = 0; i < order.Count && examples.Count < count; i++)
                examples.Add(Example(order[i], (offsets[i] + round) % Wordings));
        return examples;
    }

    private static List<T> Shuffled(IReadOnlyList<T> items, Random rng)
    {
        var copy = items.ToList();
        rng.Shuffle(CollectionsMarshal.AsSpan(copy));
        return copy;
    }
}
