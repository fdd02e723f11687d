using GptLab.Data.Tasks;

namespace GptLab.Tests.Chat;

/// <summary>Chance and majority of the synthetic families: what a model knowing only the kind of question scores.</summary>
public class AnswerBaselinesTests
{
    private static readonly FactWorld World = FactWorld.Create();

    private static ChatExample Asked(Fact fact) =>
        new(ChatFamily.Facts, [ChatMessage.FromUser(FactQuestions.Ask(fact.Name, fact.Kind, 0)), ChatMessage.FromAssistant(fact.Answer)]);

    private static ChatExample Sum(string question, string answer) =>
        new(ChatFamily.Arithmetic, [ChatMessage.FromUser(question), ChatMessage.FromAssistant(answer)]);

    [Fact]
    public void AFactsChanceIsOneOverItsKindsValuesAndASumsOneOverItsPossibleAnswers()
    {
        var pets = World.Facts.Where(f => f.Kind == FactKind.Pet).Take(3).Select(Asked).ToList();
        var colour = Asked(World.Facts.First(f => f.Kind == FactKind.Colour));
        Assert.Equal(1.0 / 12, AnswerBaselines.Chance(ChatFamily.Facts, pets, World, 42)!.Value, 12);
        Assert.Equal((3.0 / 12 + 1.0 / 10) / 4, AnswerBaselines.Chance(ChatFamily.Facts, [.. pets, colour], World, 42)!.Value, 12);
        Assert.Equal((1.0 / 41 + 1.0 / 21) / 2, AnswerBaselines.Chance(ChatFamily.Arithmetic, [Sum("What is 7 + 5?", "12"), Sum("What is 7 - 5?", "2")], World, 42)!.Value, 12);
        Assert.Null(AnswerBaselines.Chance(ChatFamily.Copy, [new ChatExample(ChatFamily.Copy, [ChatMessage.FromUser("Repeat: red"), ChatMessage.FromAssistant("red")])], World, 42));
        Assert.Null(AnswerBaselines.Chance(ChatFamily.Facts, [Sum("What is 1 + 1?", "2")], World, 42)); // only the family's own prompts count
    }

    [Fact]
    public void AFactsMajorityAnswersEveryQuestionWithItsKindsMostCommonTrainedValue()
    {
        var pets = World.Facts.Where(f => f.Kind == FactKind.Pet).ToList();
        var common = pets.GroupBy(f => f.Value).MaxBy(g => g.Count())!.Key;
        // Trained on the pets of that value (repeated, as training draws them), tested on one of it and one of another value.
        var trained = pets.Where(f => f.Value == common).Skip(1).SelectMany(f => new[] { Asked(f), Asked(f) }).ToList();
        var (same, other) = (pets.First(f => f.Value == common), pets.GroupBy(f => f.Value).First(g => g.Key != common && g.Count() > 1).First());
        Assert.Equal(0.5, AnswerBaselines.Majority(ChatFamily.Facts, trained, [Asked(same), Asked(other)], World));
        // Trained on facts of the other value, the majority answer turns: right where that value is.
        var otherTrained = pets.Where(f => f.Value == other.Value && f != other).Select(Asked).ToList();
        Assert.Equal(1.0, AnswerBaselines.Majority(ChatFamily.Facts, otherTrained, [Asked(other)], World));
        Assert.Equal(0.0, AnswerBaselines.Majority(ChatFamily.Facts, otherTrained, [Asked(same)], World));
    }

    [Fact]
    public void OtherFamiliesMajorityIsTheMostCommonTrainingAnswerAndAFactOfNoWorldIsRefused()
    {
        Assert.Equal(0.5, AnswerBaselines.Majority(ChatFamily.Arithmetic, [Sum("What is 6 + 6?", "12"), Sum("What is 9 + 3?", "12"), Sum("What is 1 + 1?", "2")],
            [Sum("What is 7 + 5?", "12"), Sum("What is 7 - 5?", "2")], World));
        var stranger = new ChatExample(ChatFamily.Facts, [ChatMessage.FromUser("What pet does Zed have?"), ChatMessage.FromAssistant("Zed has a pet yak.")]);
        var error = Assert.Throws<GptLabException>(() => AnswerBaselines.Majority(ChatFamily.Facts, [stranger], [stranger], World));
        Assert.Contains("world it was drawn from", error.Message);
    }
}
