namespace GptLab.Data.Tasks;

/// <summary>
/// The "facts" and "unknown" families: questions about the <see cref="FactWorld"/>. Facts are held out one by one
/// (a test fact is in the pretraining text but never asked in training), unknown names whole (a test name is
/// never asked about in training), so test accuracy measures recall and restraint, not memorised prompts.
/// </summary>
internal static class FactTasks
{
    public static InstructionSet Known(FactWorld world, InstructionSetOptions options, Random rng)
    {
        var (train, validation, test) = TaskPool<Fact>.Split(
            world.Facts, options.ValidationPerFamily, options.TestPerFamily, rng, ChatFamily.Facts, "facts");
        return new TaskPool<Fact>(train, validation, test, FactQuestions.Phrasings, (fact, phrasing) =>
            new ChatExample(ChatFamily.Facts, [ChatMessage.FromUser(FactQuestions.Ask(fact.Name, fact.Kind, phrasing)),
                ChatMessage.FromAssistant(fact.Answer)])).Draw(options, rng);
    }

    public static InstructionSet Unknown(FactWorld world, InstructionSetOptions options, Random rng)
    {
        // A quarter of the names each for validation and test, half for training, whatever the example counts.
        int quarter = world.UnknownNames.Count / 4;
        var (train, validation, test) = TaskPool<string>.Split(world.UnknownNames, quarter, quarter, rng, ChatFamily.Unknown, "names");
        return new TaskPool<(string Name, FactKind Kind)>(
            Questions(train), Questions(validation), Questions(test), FactQuestions.Phrasings, (q, phrasing) =>
                new ChatExample(ChatFamily.Unknown, [ChatMessage.FromUser(FactQuestions.Ask(q.Name, q.Kind, phrasing)),
                    ChatMessage.FromAssistant(FactQuestions.DontKnow)])).Draw(options, rng);
    }

    private static List<(string Name, FactKind Kind)> Questions(IEnumerable<string> names) =>
        [.. from name in names from kind in Enum.GetValues<FactKind>() select (name, kind)];
}
