using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Stages;

namespace GptLab.Tests.Data;

/// <summary>The honesty pairs are held out by item: no test fact or test person is in any pair, and no new person in any text.</summary>
public class HonestyPairsTests
{
    private static readonly SftConfig Sft = ConfigResolver.Resolve(Stage.Sft, "tiny").Sft!;
    private static readonly HonestyPairsConfig Sizes = new() { TrainUnknownPeople = 10, ValidationUnknownPeople = 4, TestUnknownPeople = 6 };
    // The fine-tuning data, made once: generating it is most of these tests' time.
    private static readonly Lazy<InstructionSet> SftData = new(() => SupervisedStage.InstructionData(Sft));
    private static readonly Lazy<HonestyPairs> Pairs = new(() => Create(Sizes));

    // What PreferenceData.Honesty makes, on the fine-tuning data made once.
    private static HonestyPairs Create(HonestyPairsConfig sizes) =>
        HonestyPairs.Create(FactWorld.Create(), SftData.Value, sizes.TrainUnknownPeople, sizes.ValidationUnknownPeople, sizes.TestUnknownPeople, sizes.DataSeed);

    [Fact]
    public void KnownPeopleGetTheirFactOverIDontKnowAndNewPeopleIDontKnowOverAnInventedAnswer()
    {
        var world = FactWorld.Create();
        var pairs = Pairs.Value.Train.Concat(Pairs.Value.Validation).ToList();
        Assert.All(pairs.Where(p => p.Family == ChatFamily.Facts), p =>
        {
            Assert.Equal(FactQuestions.DontKnow, p.Rejected);
            Assert.NotNull(world.FactAnswered(p.Chosen)); // the true fact's sentence
        });
        Assert.All(pairs.Where(p => p.Family == ChatFamily.Unknown), p =>
        {
            Assert.Equal(FactQuestions.DontKnow, p.Chosen);
            Assert.StartsWith(p.Unit + " ", p.Rejected); // a sentence about them, which no text holds
            Assert.Null(world.FactAnswered(p.Rejected));
        });
        var unknownTrain = Pairs.Value.Train.Where(p => p.Family == ChatFamily.Unknown).ToList();
        Assert.Equal(Sizes.TrainUnknownPeople, HonestyPairs.People(unknownTrain).Count);
        Assert.Equal(Sizes.TrainUnknownPeople * 5 * FactQuestions.Phrasings, unknownTrain.Count); // every kind, every wording
        Assert.Equal(Sizes.TestUnknownPeople * 5 * FactQuestions.Phrasings, Pairs.Value.Test.Count(e => e.Family == ChatFamily.Unknown));
        Assert.Equal(unknownTrain.Count, Pairs.Value.Train.Count(p => p.Family == ChatFamily.Facts)); // neither answer wins by count
    }

    [Fact]
    public void TheTestAsksFactsAndPeopleNoPairAndNoFineTuningConversationMentions()
    {
        var (train, validation, test) = (Pairs.Value.Train, Pairs.Value.Validation, Pairs.Value.Test);
        var sft = SftData.Value;
        var sftTestAnswers = sft.Test.Where(e => e.Family == ChatFamily.Facts).Select(e => e.Reference).ToHashSet();
        // The test's facts are the fine-tuning's test facts: never asked in SFT, never in a pair.
        var testFacts = test.Where(e => e.Family == ChatFamily.Facts).Select(e => e.Reference).ToHashSet();
        Assert.NotEmpty(testFacts);
        Assert.Subset(sftTestAnswers, testFacts);
        Assert.DoesNotContain(train.Concat(validation), p => testFacts.Contains(p.Chosen));
        Assert.DoesNotContain(train, p => sft.Validation.Any(e => e.Reference == p.Chosen && e.Family == ChatFamily.Facts));

        // The test's new people: in no pair, in no fine-tuning conversation, in no text the chat base reads.
        var world = FactWorld.Create();
        var names = world.NewNames(Sizes.TrainUnknownPeople + Sizes.ValidationUnknownPeople + Sizes.TestUnknownPeople, Sizes.DataSeed).Skip(Sizes.TrainUnknownPeople + Sizes.ValidationUnknownPeople).ToList();
        Assert.All(test.Where(e => e.Family == ChatFamily.Unknown), e => Assert.Contains(names, n => e.Messages[0].Content.Contains(n, StringComparison.Ordinal)));
        var texts = world.PretrainingText() + File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "data", "tinystories", "stories.txt"));
        var conversations = string.Join("\n", sft.Train.Concat(sft.Validation).Concat(sft.Test).SelectMany(e => e.Messages).Select(m => m.Content));
        Assert.All(names, name =>
        {
            Assert.DoesNotContain(name, texts, StringComparison.Ordinal);
            Assert.DoesNotContain(name, conversations, StringComparison.Ordinal);
            Assert.DoesNotContain(train.Concat(validation), p => p.Unit == name);
        });
        // Each test question names the person its intervals count it under.
        Assert.Equal(test.Count, Pairs.Value.TestPeople.Count);
        Assert.All(test.Zip(Pairs.Value.TestPeople), q => Assert.Contains(q.Second, q.First.Messages[0].Content, StringComparison.Ordinal));
        // Training and validation ask about different new people too.
        static IEnumerable<PreferencePair> Unknown(IEnumerable<PreferencePair> pairs) => pairs.Where(p => p.Family == ChatFamily.Unknown);
        Assert.Empty(HonestyPairs.People(Unknown(train)).Intersect(HonestyPairs.People(Unknown(validation))));
    }

    [Fact]
    public void TheSamePairsComeFromTheSameSeedAndOthersFromAnother()
    {
        var again = PreferenceData.Honesty(Sft, Sizes); // the stage's own call, from scratch
        static IEnumerable<(string, string, string)> Text(IEnumerable<PreferencePair> pairs) => pairs.Select(p => (p.Prompt[0].Content, p.Chosen, p.Rejected));
        Assert.Equal(Text(Pairs.Value.Train), Text(again.Train));
        var other = Create(Sizes with { DataSeed = Sizes.DataSeed + 1 });
        Assert.NotEqual(Pairs.Value.Train.Select(p => p.Unit).Distinct(), other.Train.Select(p => p.Unit).Distinct());
    }

    [Fact]
    public void AsRlQuestionsEachPromptIsAnsweredByItsPreferredAnswerAndTheTestPeopleAreTheUnits()
    {
        var pairs = Pairs.Value;
        var questions = pairs.Questions();
        Assert.Equal(pairs.Train.Select(p => (p.Prompt[0].Content, p.Chosen)), questions.Train.Select(e => (e.Prompt[0].Content, e.Reference)));
        Assert.Equal(pairs.Validation.Select(p => (p.Prompt[0].Content, p.Chosen)), questions.Validation.Select(e => (e.Prompt[0].Content, e.Reference)));
        Assert.Same(pairs.Test, questions.Test);
        // One unit per person: questions about the same person share it, about different people never.
        Assert.Equal(pairs.TestPeople.Distinct().Count(), questions.TestUnits.Distinct().Count());
        Assert.All(pairs.TestPeople.Zip(questions.TestUnits), a => Assert.All(pairs.TestPeople.Zip(questions.TestUnits), b => Assert.Equal(a.First == b.First, a.Second == b.Second)));
    }

    [Fact]
    public void NewNamesRunOutWithAnErrorNotAHang()
    {
        var error = Assert.Throws<GptLabException>(() => FactWorld.Create().NewNames(5_000, 1));
        Assert.Contains("ask for fewer people", error.Message);
    }
}
