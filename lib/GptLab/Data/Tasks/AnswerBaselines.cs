namespace GptLab.Data.Tasks;

/// <summary>
/// What a model that knows only what kind of question it is asked would score on a synthetic family's held-out prompts:
/// chance (a uniform guess among the answers the kind allows) and majority (always the kind's most common training
/// answer). A family's score shows a skill only above both.
/// </summary>
public static class AnswerBaselines
{
    /// <summary>
    /// The mean chance of a uniform guess over <paramref name="family"/>'s prompts in <paramref name="test"/>: a sum's 41
    /// possible answers (0–40) or a difference's 21, a fact's values of its kind (12 pets, 10 colours, …), the context
    /// family's test values. Null where there is no small pool to guess from (word lists, stories) or one fixed answer
    /// ("unknown").
    /// </summary>
    public static double? Chance(string family, IReadOnlyList<ChatExample> test, FactWorld world, int dataSeed)
    {
        var asked = test.Where(e => e.Family == family).ToList();
        if (asked.Count == 0) return null;
        return family switch
        {
            ChatFamily.Arithmetic => asked.Average(e => e.Prompt[^1].Content.Contains(" - ", StringComparison.Ordinal) ? 1.0 / 21 : 1.0 / 41),
            ChatFamily.Facts => asked.Average(e => 1.0 / world.ValueCount(FactOf(e, world).Kind)),
            ChatFamily.Context => ContextTask.ChanceRate(dataSeed),
            _ => null,
        };
    }

    /// <summary>
    /// The share of <paramref name="family"/>'s prompts in <paramref name="test"/> that always giving the most common
    /// training answer gets right. For facts, whose answer sentences name the person, the answer is the most common
    /// value of the kind among the facts trained on ("hen" for every pet question). Null for open-ended families.
    /// </summary>
    public static double? Majority(string family, IReadOnlyList<ChatExample> train, IReadOnlyList<ChatExample> test, FactWorld world)
    {
        var asked = test.Where(e => e.Family == family && e.ExactAnswer).ToList();
        if (asked.Count == 0) return null;
        if (family == ChatFamily.Facts)
        {
            var trained = train.Where(e => e.Family == family).Select(e => FactOf(e, world)).Distinct();
            var common = trained.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.GroupBy(f => f.Value).MaxBy(v => v.Count())!.Key);
            return asked.Average(e => FactOf(e, world) is var f && common.GetValueOrDefault(f.Kind) == f.Value ? 1.0 : 0.0);
        }
        var answer = train.Where(e => e.Family == family).GroupBy(e => e.Reference).MaxBy(g => g.Count())?.Key;
        return asked.Average(e => e.Reference == answer ? 1.0 : 0.0);
    }

    private static Fact FactOf(ChatExample example, FactWorld world) => world.FactAnswered(example.Reference)
        ?? throw new GptLabException($"\"{example.Reference}\" is no fact of the world of seed {world.Seed}: score the facts family against the world it was drawn from");
}
