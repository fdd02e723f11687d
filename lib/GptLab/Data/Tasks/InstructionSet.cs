using System.Runtime.InteropServices;

namespace GptLab.Data.Tasks;

/// <summary>
/// SFT data split three ways. <see cref="Generate"/> makes the synthetic set (the <see cref="ChatFamily.Synthetic"/>
/// families); <see cref="Split"/> divides any other list, such as <see cref="DollyPairs"/>. In both, a prompt in
/// <see cref="Test"/> is never in <see cref="Train"/> or <see cref="Validation"/>, so test accuracy is about tasks
/// learned, not answers remembered.
/// </summary>
public sealed class InstructionSet
{
    public InstructionSet(IReadOnlyList<ChatExample> train, IReadOnlyList<ChatExample> validation, IReadOnlyList<ChatExample> test)
    {
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>Examples to fine-tune on, shuffled; some are conversations of several turns.</summary>
    public IReadOnlyList<ChatExample> Train { get; }

    /// <summary>Examples to watch during fine-tuning, grouped by family (single-turn but for the context family).</summary>
    public IReadOnlyList<ChatExample> Validation { get; }

    /// <summary>Examples to report accuracy on once, grouped by family (single-turn but for the context family).</summary>
    public IReadOnlyList<ChatExample> Test { get; }

    /// <summary>
    /// The synthetic instruction set: each family draws from its own random stream (seeded by the options' seed and
    /// the family's place), holds out items (problems, facts, names, word lists, stories) rather than examples, and
    /// words training prompts two or three ways (the context family, made last, puts the other families' training exchanges
    /// between its statement and its question). Then <see cref="InstructionSetOptions.TwoTurnFraction"/> of the
    /// single-turn training examples get another one put in front, as an earlier turn of the same conversation.
    /// </summary>
    public static InstructionSet Generate(InstructionSetOptions options)
    {
        options.Validate();
        var world = FactWorld.Create(options.WorldSeed);
        var (train, validation, test) = (new List<ChatExample>(), new List<ChatExample>(), new List<ChatExample>());
        for (int i = 0; i < ChatFamily.Synthetic.Count; i++)
        {
            var family = ChatFamily.Synthetic[i];
            var rng = new Random(StepSeed.For(options.Seed, i, 0));
            var own = options with { TrainPerFamily = options.TrainFor(family) };
            var part = family switch
            {
                ChatFamily.Arithmetic => ArithmeticTask.Draw(own, rng),
                ChatFamily.Copy or ChatFamily.Reverse or ChatFamily.Uppercase => WordTasks.Draw(family, own, rng),
                ChatFamily.Facts => FactTasks.Known(world, own, rng),
                ChatFamily.Unknown => FactTasks.Unknown(world, own, rng),
                ChatFamily.Context => ContextTask.Draw(own, rng, ContextTask.Exchanges(train)),
                _ => StoryTask.Draw(own, rng),
            };
            train.AddRange(part.Train);
            validation.AddRange(part.Validation);
            test.AddRange(part.Test);
        }
        var mix = new Random(StepSeed.For(options.Seed, ChatFamily.Synthetic.Count, 0));
        var mixed = TwoTurns(train, options.TwoTurnFraction, mix);
        mix.Shuffle(CollectionsMarshal.AsSpan(mixed));
        return new InstructionSet(mixed, validation, test);
    }

    /// <summary>
    /// Divides <paramref name="examples"/> by seed: about <paramref name="validation"/> for validation and
    /// <paramref name="test"/> for test, the rest for training. Examples with the same prompt stay together, so the
    /// splits share no prompt; the order within each split is the input order.
    /// </summary>
    public static InstructionSet Split(IReadOnlyList<ChatExample> examples, int validation, int test, int seed)
    {
        var groups = examples.Select((e, i) => (Example: e, Index: i)).GroupBy(x => PromptKey(x.Example)).ToArray();
        if (validation < 0 || test < 0 || validation + test >= groups.Length)
            throw new GptLabException(
                $"cannot hold out {validation} validation and {test} test examples from {groups.Length} distinct prompts: " +
                "ask for fewer, leaving some to train on");
        new Random(seed).Shuffle(groups);
        var (trainSet, validationSet, testSet) = (new List<(ChatExample, int)>(), new List<(ChatExample, int)>(), new List<(ChatExample, int)>());
        foreach (var group in groups)
            (testSet.Count < test ? testSet : validationSet.Count < validation ? validationSet : trainSet).AddRange(group);
        static List<ChatExample> InOrder(List<(ChatExample Example, int Index)> set) => [.. set.OrderBy(x => x.Index).Select(x => x.Example)];
        return new InstructionSet(InOrder(trainSet), InOrder(validationSet), InOrder(testSet));
    }

    // Every message before the answer, roles included: two examples with the same key are the same question.
    private static string PromptKey(ChatExample example) =>
        string.Join('\n', example.Prompt.Select(m => $"{m.Role}: {m.Content}"));

    private static List<ChatExample> TwoTurns(List<ChatExample> train, double fraction, Random rng)
    {
        var mixed = new List<ChatExample>(train);
        var single = Enumerable.Range(0, train.Count).Where(i => train[i].Messages.Count == 2 && train[i].Family != ChatFamily.Context).ToArray(); // context conversations have their turns
        var places = Enumerable.Range(0, single.Length).ToArray();
        rng.Shuffle(places);
        foreach (var p in places.Take((int)Math.Round(fraction * single.Length)))
        {
            var (i, first) = (single[p], train[single[(p + 1 + rng.Next(single.Length - 1)) % single.Length]]); // any other single-turn example
            mixed[i] = train[i] with { Messages = [.. first.Messages, .. train[i].Messages] };
        }
        return mixed;
    }
}
