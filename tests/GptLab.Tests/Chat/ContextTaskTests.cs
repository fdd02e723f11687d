using GptLab.Data.Tasks;

namespace GptLab.Tests.Chat;

/// <summary>
/// The context family: the answer is told earlier (stated, in passing, changed, or in the question's own message), test
/// values are never told in training, only the telling holds the answer, and the ablation deletes exactly the telling.
/// </summary>
public class ContextTaskTests
{
    private static readonly InstructionSet Set = InstructionSet.Generate(new InstructionSetOptions { Seed = 42, TrainPerFamily = 600, ValidationPerFamily = 20, TestPerFamily = 40 });

    private static readonly IReadOnlyList<ChatExample> Exchanges = ContextTask.Exchanges(Set.Train);

    // The value a reference names: "Your pet is a hen." → "hen".
    private static string Value(string reference) => reference.TrimEnd('.').Split(' ')[^1];

    private static bool Names(ChatMessage message, string value) =>
        message.Content.Split(' ', '.', '?', ':', ',').Any(w => w.Equals(value, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<ChatExample> Context(IEnumerable<ChatExample> examples) => examples.Where(e => e.Family == ChatFamily.Context);

    // Every test value, in every form.
    private static IEnumerable<ContextProbe> HeldOutAll() => Enum.GetValues<ContextForm>().SelectMany(form =>
        ContextTask.HeldOut(42, form, Math.Min(2, ContextTask.MostIntervening(form)), 84, Exchanges, new Random((int)form)));

    [Fact]
    public void TestValuesAreNeverToldInTrainingAndEveryFormIsTrained()
    {
        // A reference names kind and value ("Your pet is a hen.", "The secret word is hen.").
        var tested = HeldOutAll().Select(p => p.Conversation.Reference).ToHashSet();
        Assert.Equal(6 + 5 + 6 + 25, tested.Count); // a quarter of the 24 pets, 20 colours, 24 foods and 100 secret words
        var trained = Context(Set.Train).Select(e => e.Reference).ToHashSet();
        Assert.Empty(trained.Intersect(tested));
        Assert.Empty(Context(Set.Validation).Select(e => e.Reference).Intersect(trained));
        // Nor is a test value told in training, in either wording, as the fact asked about, a former value or another fact.
        var draws = new Random(7);
        var tellings = Enumerable.Range(0, 40).SelectMany(_ => ContextTask.HeldOut(42, ContextForm.Stated, 0, 42, Exchanges, draws))
            .Select(p => p.Conversation.Messages[0].Content).ToHashSet();
        Assert.Equal(2 * 42, tellings.Count);
        var users = Context(Set.Train).SelectMany(e => e.Messages.Where(m => m.Role == ChatMessage.User)).ToList();
        Assert.DoesNotContain(users, m => tellings.Any(t => m.Content.Contains(t, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(1.0 / 42, ContextTask.ChanceRate(42), 1e-12); // a quarter of every kind is tested: each kind adds 1/4 guessed right, over 42 values
        Assert.Contains(users, m => m.Content.StartsWith("Actually, "));
        Assert.Contains(users, m => m.Content.EndsWith('?') && m.Content.Count(c => c == '.') >= 1 && m.Content.Contains("my", StringComparison.OrdinalIgnoreCase) && m.Content.Split(". ").Length == 2);
        Assert.Equal(2 + 2 * (1 + ContextTask.MaxIntervening), Context(Set.Train).Max(e => e.Messages.Count)); // the telling, eight in between, the question
    }

    [Theory]
    [InlineData(ContextForm.Stated, 0)]
    [InlineData(ContextForm.Stated, 8)]
    [InlineData(ContextForm.InPassing, 4)]
    [InlineData(ContextForm.Changed, 4)]
    [InlineData(ContextForm.SameMessage, 0)]
    public void OnlyTheTellingHoldsTheAnswerAndTheAblationDeletesIt(ContextForm form, int intervening)
    {
        var tested = HeldOutAll().Select(p => p.Conversation.Reference).ToHashSet();
        Assert.All(ContextTask.HeldOut(42, form, intervening, 84, Exchanges, new Random(intervening)), p =>
        {
            var (messages, ablated, value) = (p.Conversation.Messages, p.Ablated.Messages, Value(p.Conversation.Reference));
            Assert.Contains(p.Conversation.Reference, tested);
            Assert.Equal(p.Conversation.Reference, p.Ablated.Reference);
            Assert.Equal(intervening, p.Intervening);
            var kind = ContextTask.KindOf(p.Item);
            Assert.Contains(kind switch { "food" => " eat ", "colour" => " colour ", _ => $" {kind} " }, p.Conversation.Reference);
            Assert.Single(p.Conversation.Prompt, m => Names(m, value)); // told once, and only there
            Assert.DoesNotContain(p.Ablated.Prompt, m => Names(m, value)); // nothing left to read it from
            var telling = messages.Take(messages.Count - 1).ToList().FindIndex(m => Names(m, value));
            Assert.Equal(form == ContextForm.SameMessage ? messages.Count - 2 : messages.Count - 4 - 2 * intervening, telling);
            switch (form)
            {
                case ContextForm.Stated:
                    Assert.Equal(ContextTask.Acknowledgement, messages[telling + 1].Content);
                    Assert.Equal(messages.Count - 2, ablated.Count); // the telling exchange deleted, nothing else
                    Assert.Equal(messages.Skip(telling + 2), ablated.Skip(telling));
                    break;
                case ContextForm.InPassing: // the request stays, answered as before; the statement in front of it goes
                    Assert.Equal(messages.Count, ablated.Count);
                    Assert.EndsWith(" " + ablated[telling].Content, messages[telling].Content);
                    Assert.Equal(messages[telling + 1], ablated[telling + 1]);
                    break;
                case ContextForm.Changed: // the former value is told first, then changed; the ablation keeps only the former
                    Assert.StartsWith("Actually, ", messages[telling].Content);
                    Assert.NotNull(p.FormerAnswer);
                    Assert.NotEqual(p.FormerAnswer, p.Conversation.Reference);
                    Assert.Contains(p.FormerAnswer, tested);
                    Assert.True(Names(messages[0], Value(p.FormerAnswer!)));
                    Assert.Equal(messages.Count - 2, ablated.Count);
                    break;
                case ContextForm.SameMessage:
                    Assert.Equal(2, messages.Count);
                    Assert.EndsWith(" " + ablated[0].Content, messages[0].Content);
                    break;
            }
        });
    }

    [Fact]
    public void OneMessageHasNothingInBetween() =>
        Assert.Throws<GptLabException>(() => ContextTask.HeldOut(42, ContextForm.SameMessage, 1, 4, Exchanges, new Random(1)));
}
