using System.Globalization;
using System.Text.RegularExpressions;
using GptLab.Chat;
using GptLab.Data.Tasks;

namespace GptLab.Tests.Chat;

public class InstructionSetTests
{
    private static readonly string[] Stories =
    [
        "Tim had a red ball. He threw it high. The ball went over the fence. Tim was sad.",
        "Sue liked to sing. She sang to the birds every morning. The birds sang back!",
        "A little dog lived on a farm. The dog liked to run. One day, it ran to the big hill. It saw a cow.",
        "Ben found a shiny stone. \"Look, Mom!\" he said. Mom smiled. They kept the stone in a box.",
        "The sun was hot. Lily went to the lake. She swam with a duck. It was a fun day.",
        "Max wanted a cake. He asked his dad for help. They baked a big cake together.",
        "There was a small boat on the sea. The wind was strong. The boat rocked. A fish jumped out of the water.",
        "Anna had a kite. She flew it in the park. The kite got stuck in a tree. A kind man helped her.",
        "Once upon a time, there was a frog. The frog could jump very far. It jumped over a log.",
        "Sam read a book about stars. He wanted to see them. At night, he looked up and saw many stars.",
        "Zoe had a pink hat. The wind took it away. She ran after it. She caught it!",
        "A bee looked for flowers. It found a big red rose. The bee was happy.",
        "Tim had a red ball. This story repeats a first sentence, so it must land with the other one.",
        "Too short.",
    ];

    private static readonly InstructionSetOptions Options = new() { Stories = Stories };
    private static readonly InstructionSet Set = InstructionSet.Generate(Options);
    private static readonly FactWorld World = FactWorld.Create(Options.WorldSeed);
    private static readonly string FactsText = World.PretrainingText();

    [Fact]
    public void TheSameSeedGivesTheSameSetAndAnotherSeedAnotherSet()
    {
        var again = InstructionSet.Generate(Options);
        Assert.Equal(Keys(Set.Train), Keys(again.Train));
        Assert.Equal(Keys(Set.Test), Keys(again.Test));
        var other = InstructionSet.Generate(Options with { Seed = 1 });
        Assert.NotEqual(Keys(Set.Train), Keys(other.Train));
        Assert.NotEqual(Keys(Set.Test), Keys(other.Test));
    }

    [Fact]
    public void EveryFamilyHasTheRequestedCounts()
    {
        var families = ChatFamily.Synthetic.Where(f => f != ChatFamily.Story);
        Assert.All(families, f => Assert.Equal(500, Set.Train.Count(e => e.Family == f)));
        Assert.All(families, f => Assert.Equal(40, Set.Validation.Count(e => e.Family == f)));
        Assert.All(families, f => Assert.Equal(40, Set.Test.Count(e => e.Family == f)));
        // 12 usable stories with distinct first sentences: a fifth (2) held out each way, in up to 3 wordings.
        Assert.Equal(6, Set.Test.Count(e => e.Family == ChatFamily.Story));
        Assert.Equal(6, Set.Validation.Count(e => e.Family == ChatFamily.Story));
        Assert.Equal(500, Set.Train.Count(e => e.Family == ChatFamily.Story));
        var noStories = InstructionSet.Generate(new InstructionSetOptions { TrainPerFamily = 20, ValidationPerFamily = 4, TestPerFamily = 4 });
        Assert.DoesNotContain(noStories.Train, e => e.Family == ChatFamily.Story);
        Assert.Equal(7 * 20, noStories.Train.Count);
    }

    [Fact]
    public void AFamilyNamedInTrainByFamilyGetsItsOwnCountAndKeepsItsHeldOutProblems()
    {
        var more = InstructionSet.Generate(Options with { TrainByFamily = new Dictionary<string, int> { [ChatFamily.Arithmetic] = 1500 } });
        Assert.Equal(1500, more.Train.Count(e => e.Family == ChatFamily.Arithmetic));
        Assert.All(ChatFamily.Synthetic.Where(f => f != ChatFamily.Arithmetic), f => Assert.Equal(500, more.Train.Count(e => e.Family == f)));
        // The same problems are held out whatever the count (their wordings may differ), and none is trained in any wording.
        static HashSet<string> Problems(IEnumerable<ChatExample> set) =>
            [.. set.Where(e => e.Family == ChatFamily.Arithmetic).Select(e => Regex.Match(e.Messages[^2].Content, @"\d+ [+-] \d+").Value)];
        Assert.Equal(Problems(Set.Test), Problems(more.Test));
        Assert.Equal(Problems(Set.Validation), Problems(more.Validation));
        Assert.Empty(Problems(more.Train).Intersect(Problems(more.Test)));
        // Nor its mirror or its difference: arithmetic is held out by unordered pair of operands.
        static HashSet<string> Pairs(IEnumerable<ChatExample> set) =>
            [.. Problems(set).Select(p => string.Join(',', Regex.Matches(p, @"\d+").Select(m => int.Parse(m.Value)).Order()))];
        Assert.Empty(Pairs(more.Train).Intersect(Pairs(more.Test).Union(Pairs(more.Validation))));
        Assert.Contains(Set.Test.Concat(Set.Validation), e => e.Family == ChatFamily.Arithmetic && e.Messages[^2].Content.Contains(" + "));
        // Families made before the context family draw as before.
        static IEnumerable<string> CopyPrompts(InstructionSet set) => set.Train.Where(e => e.Family == ChatFamily.Copy).Select(e => e.Messages[^2].Content).Order();
        Assert.Equal(CopyPrompts(Set), CopyPrompts(more));
    }

    [Fact]
    public void NoTestPromptIsATrainingOrValidationPrompt()
    {
        var (singleTest, singleValidation) = (Set.Test.Where(e => e.Family != ChatFamily.Context), Set.Validation.Where(e => e.Family != ChatFamily.Context));
        var test = singleTest.Select(e => e.Messages[0].Content).ToHashSet();
        var validation = singleValidation.Select(e => e.Messages[0].Content).ToHashSet();
        Assert.Equal(singleTest.Count(), test.Count); // held-out prompts are distinct, too
        Assert.Equal(Set.Test.Count, Keys(Set.Test).Distinct().Count()); // context conversations too, as whole prompts
        Assert.Empty(UserTurns(Set.Train).Intersect(test));
        Assert.Empty(UserTurns(Set.Train).Intersect(validation));
        Assert.Empty(validation.Intersect(test));
    }

    [Fact]
    public void FactsAreHeldOutByFactAndUnknownNamesByName()
    {
        var asked = new Dictionary<string, (string Name, FactKind Kind)>();
        foreach (var name in World.KnownNames.Concat(World.UnknownNames))
            foreach (var kind in Enum.GetValues<FactKind>())
                for (int p = 0; p < FactQuestions.Phrasings; p++)
                    asked[FactQuestions.Ask(name, kind, p)] = (name, kind);
        HashSet<(string, FactKind)> Facts(IEnumerable<string> prompts) => [.. prompts.Where(asked.ContainsKey).Select(p => asked[p])];

        var train = Facts(UserTurns(Set.Train));
        var validation = Facts(Set.Validation.Select(e => e.Messages[0].Content));
        var test = Facts(Set.Test.Select(e => e.Messages[0].Content));
        Assert.Equal(40, test.Count(f => World.KnownNames.Contains(f.Item1))); // 40 test facts, one question each
        Assert.Empty(train.Intersect(test));
        Assert.Empty(train.Intersect(validation));
        Assert.Empty(validation.Intersect(test));

        HashSet<string> Unknown(IEnumerable<(string Name, FactKind)> facts) => [.. facts.Select(f => f.Name).Where(World.UnknownNames.Contains)];
        var testNames = Unknown(test);
        Assert.Equal(6, testNames.Count);
        Assert.Empty(Unknown(train).Intersect(testNames));
        Assert.Empty(Unknown(train).Intersect(Unknown(validation)));
    }

    [Fact]
    public void AnswersAreRight()
    {
        foreach (var e in Set.Train.Concat(Set.Validation).Concat(Set.Test))
        {
            var (question, answer) = (e.Messages[^2].Content, e.Reference);
            var words = question[(question.IndexOf(':') + 2)..];
            switch (e.Family)
            {
                case ChatFamily.Arithmetic:
                    var m = Regex.Match(question, @"^\D*(\d+) ([+-]) (\d+)[?.]$");
                    var (a, b) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
                    Assert.True(m.Success && a <= 20 && b <= 20, question);
                    Assert.Equal((m.Groups[2].Value == "+" ? a + b : a - b).ToString(CultureInfo.InvariantCulture), answer);
                    Assert.InRange(int.Parse(answer, CultureInfo.InvariantCulture), 0, 40);
                    break;
                case ChatFamily.Copy:
                    Assert.Equal(words, answer);
                    Assert.InRange(words.Split(' ').Length, 2, 4);
                    break;
                case ChatFamily.Reverse:
                    Assert.Equal(string.Join(' ', words.Split(' ').Reverse()), answer);
                    Assert.NotEqual(words, answer);
                    break;
                case ChatFamily.Uppercase:
                    Assert.Equal(words.ToUpperInvariant(), answer);
                    break;
                case ChatFamily.Facts:
                    var fact = World.Facts.Single(f => Enumerable.Range(0, FactQuestions.Phrasings).Any(p => FactQuestions.Ask(f.Name, f.Kind, p) == question));
                    Assert.Equal(fact.Answer, answer);
                    Assert.Contains(answer, FactsText);
                    break;
                case ChatFamily.Unknown:
                    Assert.Equal(FactQuestions.DontKnow, answer);
                    break;
                case ChatFamily.Context: // the value answered is told in an earlier user message (or the question's own), the last one of its kind
                    var value = answer.TrimEnd('.').Split(' ')[^1];
                    Assert.Contains(e.Messages.SkipLast(1), m => m.Role == ChatMessage.User && m.Content.Contains($" {value}."));
                    Assert.InRange(e.Messages.Count, 2, 2 + 2 * (1 + ContextTask.MaxIntervening));
                    break;
                default:
                    Assert.Equal(ChatFamily.Story, e.Family);
                    Assert.False(e.ExactAnswer);
                    Assert.InRange(answer.Length, 1, 300);
                    Assert.Contains(Stories, s => Continues(question, answer, s));
                    break;
            }
            Assert.Equal(e.Family != ChatFamily.Story, e.ExactAnswer);
        }
    }

    [Fact]
    public void TwoTurnConversationsAreInTrainingOnly()
    {
        var singleFamilies = Set.Train.Where(e => e.Family != ChatFamily.Context).ToList(); // context conversations are longer
        var twoTurn = singleFamilies.Where(e => e.Messages.Count == 4).ToList();
        var plainSet = InstructionSet.Generate(Options with { TwoTurnFraction = 0 }).Train;
        var plain = Keys(plainSet);
        Assert.Equal((int)Math.Round(0.1 * plainSet.Count(e => e.Messages.Count == 2 && e.Family != ChatFamily.Context)), Keys(Set.Train).Except(plain).Count());
        Assert.Equal(twoTurn.Count, Keys(Set.Train).Except(plain).Count()); // only single-turn examples get an earlier turn
        Assert.All(singleFamilies, e => Assert.Contains(e.Messages.Count, new[] { 2, 4 }));
        Assert.All(twoTurn, e => Assert.Equal([ChatMessage.User, ChatMessage.Assistant, ChatMessage.User, ChatMessage.Assistant], e.Messages.Select(m => m.Role)));
        Assert.True(twoTurn.Select(e => e.Family).Distinct().Count() >= 5, "two-turn examples span the families");
        Assert.All(Set.Validation.Concat(Set.Test).Where(e => e.Family != ChatFamily.Context), e => Assert.Equal(2, e.Messages.Count));
    }

    [Fact]
    public void TrainingPromptsComeInSeveralWordings()
    {
        foreach (var family in ChatFamily.Synthetic)
        {
            var openings = Set.Train.Where(e => e.Family == family).Select(e => string.Join(' ', e.Messages[^2].Content.Split(' ').Take(2))).Distinct().Count();
            Assert.True(openings >= 2, $"{family} training prompts all start the same way");
        }
    }

    [Fact]
    public void BadOptionsNameTheSetting()
    {
        Assert.Contains("TrainPerFamily", Assert.Throws<GptLabException>(() => InstructionSet.Generate(new InstructionSetOptions { TrainPerFamily = 0 })).Message);
        Assert.Contains("TwoTurnFraction", Assert.Throws<GptLabException>(() => InstructionSet.Generate(new InstructionSetOptions { TwoTurnFraction = 1 })).Message);
        Assert.Contains("split the corpus", Assert.Throws<GptLabException>(() => InstructionSet.Generate(new InstructionSetOptions { Stories = ["A.<|endoftext|>B."] })).Message);
        Assert.Contains("arithmetic", Assert.Throws<GptLabException>(() => InstructionSet.Generate(new InstructionSetOptions { TestPerFamily = 400 })).Message);
        var unknownFamily = Assert.Throws<GptLabException>(() => InstructionSet.Generate(new InstructionSetOptions { TrainByFamily = new Dictionary<string, int> { ["sums"] = 10 } })).Message;
        Assert.Contains("\"sums\"", unknownFamily);
        Assert.Contains(ChatFamily.Arithmetic, unknownFamily);
        Assert.Contains("train_by_family.copy", Assert.Throws<GptLabException>(() => InstructionSet.Generate(new InstructionSetOptions { TrainByFamily = new Dictionary<string, int> { [ChatFamily.Copy] = 0 } })).Message);
    }

    [Fact]
    public void SplitKeepsEqualPromptsTogether()
    {
        var examples = Enumerable.Range(0, 100).Select(i => new ChatExample(ChatFamily.Dolly,
            [ChatMessage.FromUser($"question {i % 50}"), ChatMessage.FromAssistant($"answer {i}")], ExactAnswer: false)).ToList();
        var split = InstructionSet.Split(examples, validation: 10, test: 10, seed: 3);
        Assert.Equal(100, split.Train.Count + split.Validation.Count + split.Test.Count);
        Assert.InRange(split.Test.Count, 10, 11);
        Assert.Empty(UserTurns(split.Train).Intersect(UserTurns(split.Test)));
        Assert.Empty(UserTurns(split.Validation).Intersect(UserTurns(split.Test)));
        Assert.Equal(Keys(split.Test), Keys(InstructionSet.Split(examples, 10, 10, seed: 3).Test));
        Assert.NotEqual(Keys(split.Test), Keys(InstructionSet.Split(examples, 10, 10, seed: 4).Test));
        Assert.Throws<GptLabException>(() => InstructionSet.Split(examples, 25, 25, seed: 3));
    }

    // The prompt ends with the story's first sentence and the answer is what comes right after it.
    private static bool Continues(string question, string answer, string story)
    {
        int at = story.IndexOf(" " + answer, StringComparison.Ordinal);
        return at > 0 && question.EndsWith(" " + story[..at], StringComparison.Ordinal);
    }

    private static List<string> Keys(IEnumerable<ChatExample> examples) =>
        [.. examples.Select(e => string.Join(" | ", e.Messages.Select(m => m.Content)))];

    private static HashSet<string> UserTurns(IEnumerable<ChatExample> examples) =>
        [.. examples.SelectMany(e => e.Messages).Where(m => m.Role == ChatMessage.User).Select(m => m.Content)];
}
