using GptLab.Data.Tasks;

namespace GptLab.Tests.Data;

public class OrcaPairsTests
{
    [Fact]
    public void TheShippedPairsLoadWithTheSystemMessageBeforeTheUsersAndEachLineItsOwnUnit()
    {
        var pairs = OrcaPairs.Load(Path.Combine(TestPaths.RepoRoot, OrcaPairs.DefaultPath));
        Assert.Equal(284, pairs.Count); // PROVENANCE.md: 284 lines
        Assert.Equal(284, HonestyPairs.People(pairs).Count);
        Assert.All(pairs, p => Assert.True(p.Chosen.Length > 0 && p.Rejected.Length > 0 && p.Chosen != p.Rejected));
        var first = pairs[0];
        Assert.Equal([ChatMessage.User], first.Prompt.Select(m => m.Role));
        Assert.StartsWith("You are an AI assistant.", first.Prompt[0].Content);
        Assert.EndsWith("Translate to English", first.Prompt[0].Content);
    }

    [Fact]
    public void ABadLineNamesTheFileTheLineAndTheFix()
    {
        var folder = TestPaths.NewTempFolder("orca");
        var broken = Path.Combine(folder, "broken.jsonl");
        File.WriteAllLines(broken, ["""{"system": "", "prompt": "Hi?", "chosen": "Hello.", "rejected": "Go away."}""", """{"system": "", "prompt": "Hi?", "chosen": 3, "rejected": "No."}"""]);
        var error = Assert.Throws<GptLabException>(() => OrcaPairs.Load(broken)).Message;
        Assert.Contains("broken.jsonl' line 2 lacks a \"chosen\" string", error);
        Assert.Contains("fix or delete the line", error);
        File.WriteAllLines(broken, ["""{"system": "", "prompt": """]);
        Assert.Contains("line 1 is not valid JSON", Assert.Throws<GptLabException>(() => OrcaPairs.Load(broken)).Message);
        Assert.Contains(OrcaPairs.DefaultPath, Assert.Throws<GptLabException>(() => OrcaPairs.Load(Path.Combine(folder, "none.jsonl"))).Message);
    }
}
