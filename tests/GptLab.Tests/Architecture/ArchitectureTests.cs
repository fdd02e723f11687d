using GptLab.Model;

namespace GptLab.Tests.Architecture;

/// <summary>The library's folders keep to docs/architecture.md: allowed arrows only, no cycles, nothing undescribed.</summary>
public class ArchitectureTests
{
    private static readonly Lazy<FolderGraph> Graph = new(() => FolderGraph.Read(typeof(Gpt).Assembly.Location));

    [Fact]
    public void EveryFolderUsesOnlyTheFoldersItsRowAllows()
    {
        var plan = HousePlan.Read();
        var forbidden = Graph.Value.Uses
            .Where(kv => plan.ContainsKey(kv.Key))
            .SelectMany(kv => kv.Value.Where(u => !plan[kv.Key].Contains(u.Folder)).Select(u => $"{kv.Key} uses {u.Folder} ({u.Because})"))
            .ToList();
        Assert.True(forbidden.Count == 0, $"not allowed by {HousePlan.Path}:\n" + string.Join("\n", forbidden));
    }

    [Fact]
    public void TheFoldersFormNoCycle()
    {
        var cycle = Graph.Value.FindCycle();
        Assert.True(cycle is null, $"folder cycle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void EveryFolderIsDescribedAndEveryRowIsAFolder()
    {
        var plan = HousePlan.Read();
        var folders = Graph.Value.Folders.ToHashSet();
        Assert.Empty(folders.Except(plan.Keys)); // a new folder needs its row
        Assert.Empty(plan.Keys.Except(folders)); // a row for a folder that no longer exists
        Assert.Empty(plan.Values.SelectMany(v => v).Except(folders)); // "may use" names only real folders
    }

    [Fact]
    public void TokenizationUsesNoTensorsAndPlotsNoTorch()
    {
        Assert.DoesNotContain("TorchSharp", Graph.Value.External["Tokenization"]);
        Assert.DoesNotContain("TorchSharp", Graph.Value.External["Plots"]);
        Assert.Contains("TorchSharp", Graph.Value.External["Model"]); // the reader does see TorchSharp where it is used
    }

    [Fact]
    public void TheLibraryNeverReferencesTheCli()
    {
        var references = typeof(Gpt).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("TorchSharp", references);
        Assert.DoesNotContain("GptLab.Cli", references);
    }

    [Fact]
    public void TheCheckerSeesAForbiddenArrowAndACycle()
    {
        // The rules above are only as good as the reader: Model's code does name Runtime types, Training's does name Data's.
        Assert.Contains(Graph.Value.Uses["Training"], u => u.Folder == "Data");
        Assert.Contains(Graph.Value.Uses["Evaluation"], u => u.Folder == "Chat");
        var handMade = new FolderGraph(
            new Dictionary<string, HashSet<(string, string)>>
            {
                ["A"] = [("B", "a → b")], ["B"] = [("C", "b → c")], ["C"] = [("A", "c → a")], ["D"] = [("A", "d → a")],
            },
            new Dictionary<string, HashSet<string>>());
        Assert.Equal(["A", "B", "C", "A"], handMade.FindCycle());
    }
}
