using GptLab.Data.Tasks;

namespace GptLab.Tests.Chat;

/// <summary>The context family: the answer is told in an earlier turn, test values are never a training answer, and the ablation deletes exactly that turn.</summary>
public class ContextTaskTests
{
    private static readonly InstructionSet Set = InstructionSet.Generate(new InstructionSetOptions { Seed = 42, TrainPerFamily = 300, ValidationPerFamily = 20, TestPerFamily = 40 });

    private static string Value(ChatExample conversation) => conversation.Reference.TrimEnd('.').Split(' ')[^1];

    // Enough held-out conversations to name every test value.
    private static IReadOnlyList<ChatExample> HeldOutAll() =>
        ContextTask.HeldOut(42, 0, 200, [.. Set.Train.Where(e => e.Messages.Count == 2 && e.Family == ChatFamily.Copy)], new Random(1));

    private static IEnumerable<ChatExample> Context(IEnumerable<ChatExample> examples) => examples.Where(e => e.Family == ChatFamily.Context);

    [Fact]
    public void TestValuesAreNeverATrainingAnswerAndEveryNumberOfTurnsIsTrained()
    {
        // The answer names kind and value ("Your pet is a hen.", "The secret word is hen.").
        var trained = Context(Set.Train).Select(e => e.Reference).ToHashSet();
        var tested = Context(HeldOutAll()).Select(e => e.Reference).ToHashSet();
        Assert.Equal(3 * 3 + 25, tested.Count); // a quarter of the 12 pets, colours and foods, and of the 100 secret words
        Assert.Empty(trained.Intersect(tested));
        Assert.Empty(Context(Set.Validation).Select(e => e.Reference).Intersect(trained));
        Assert.Equal((9 / 12.0 + 25 / 100.0) / 34, ContextTask.ChanceRate(42), 1e-12); // 9 of 34 test values have 12 to choose from, 25 have 100
        Assert.Equal(Enumerable.Range(0, ContextTask.MaxIntervening + 1), Context(Set.Train).Select(ContextTask.InterveningOf).Distinct().Order());
        Assert.Equal(Enumerable.Range(0, ContextTask.MaxIntervening + 1), Context(Set.Test).Select(ContextTask.InterveningOf).Distinct().Order());
    }

    [Fact]
    public void OnlyTheStatementHoldsTheAnswerAndTheAblationDeletesIt()
    {
        var exchanges = Set.Train.Where(e => e.Messages.Count == 2 && e.Family == ChatFamily.Copy).ToList();
        var tested = Context(HeldOutAll()).Select(e => e.Reference).ToHashSet();
        for (var k = 0; k <= ContextTask.MaxIntervening; k++)
        {
            var conversations = ContextTask.HeldOut(42, k, 30, exchanges, new Random(k));
            Assert.All(conversations, c =>
            {
                Assert.Equal(k, ContextTask.InterveningOf(c));
                Assert.Contains(c.Reference, tested);
                Assert.EndsWith($" {Value(c)}.", " " + c.Messages[0].Content);
                Assert.Equal(ContextTask.Acknowledgement, c.Messages[1].Content);
                var ablated = ContextTask.WithoutStatement(c);
                Assert.Equal(c.Messages.Skip(2), ablated.Messages);
                Assert.DoesNotContain(ablated.Prompt, m => m.Content.Split(' ').Contains(Value(c))); // nothing left to read it from
            });
        }
    }
}
