using GptLab.Chat;
using GptLab.Data.Tasks;

namespace GptLab.Tests.Chat;

public class DollyPairsTests
{
    [Fact]
    public void KeepsShortNonEmptyPairsAsOpenEndedExamples()
    {
        var path = Path.Combine(TestPaths.NewTempFolder("dolly"), "pairs.jsonl");
        File.WriteAllLines(path,
        [
            """{"instruction": "Why is the sky blue?", "response": "Air scatters blue light most.", "category": "open_qa"}""",
            "",
            """{"instruction": "Say nothing", "response": "  ", "category": "open_qa"}""",
            """{"instruction": "Tell me everything about the history of the world.", "response": "It is long.", "category": "open_qa"}""",
        ]);
        var pairs = DollyPairs.Load(path, maxChars: 60);
        var pair = Assert.Single(pairs);
        Assert.Equal(ChatFamily.Dolly, pair.Family);
        Assert.False(pair.ExactAnswer);
        Assert.Equal([ChatMessage.FromUser("Why is the sky blue?"), ChatMessage.FromAssistant("Air scatters blue light most.")], pair.Messages);
        Assert.Equal(2, DollyPairs.Load(path, maxChars: 1000).Count);
    }

    [Fact]
    public void ABadLineNamesTheFileTheLineAndTheFix()
    {
        var folder = TestPaths.NewTempFolder("dolly");
        var broken = Path.Combine(folder, "broken.jsonl");
        File.WriteAllLines(broken, ["""{"instruction": "Hi?", "response": "Hello."}""", """{"instruction": "Hi?", "response": """]);
        var e = Assert.Throws<GptLabException>(() => DollyPairs.Load(broken, 100));
        Assert.Contains("broken.jsonl' line 2", e.Message);
        Assert.Contains("fix or delete the line", e.Message);

        var wrongShape = Path.Combine(folder, "shape.jsonl");
        File.WriteAllLines(wrongShape, ["""{"question": "Hi?", "answer": "Hello."}"""]);
        Assert.Contains("line 1 lacks", Assert.Throws<GptLabException>(() => DollyPairs.Load(wrongShape, 100)).Message);
        Assert.Contains(DollyPairs.DefaultPath, Assert.Throws<GptLabException>(() => DollyPairs.Load(Path.Combine(folder, "none.jsonl"), 100)).Message);
    }

    [Fact]
    public void TheShippedPairsLoadAndSplitWithoutSharedPrompts()
    {
        var all = DollyPairs.Load(Path.Combine(TestPaths.RepoRoot, DollyPairs.DefaultPath), int.MaxValue);
        Assert.Equal(3742, all.Count);
        var shortPairs = DollyPairs.Load(Path.Combine(TestPaths.RepoRoot, DollyPairs.DefaultPath), 256);
        Assert.Equal(2142, shortPairs.Count); // PROVENANCE.md: 2,142 records have at most 256 characters
        var split = InstructionSet.Split(shortPairs, validation: 100, test: 100, seed: 0);
        Assert.Equal(shortPairs.Count, split.Train.Count + split.Validation.Count + split.Test.Count);
        var test = split.Test.Select(e => e.Messages[0].Content).ToHashSet();
        Assert.DoesNotContain(split.Train, e => test.Contains(e.Messages[0].Content));
    }
}
