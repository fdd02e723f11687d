using GptLab.Experiments.Lab;

namespace GptLab.Tests.Experiments;

public class CommittedResultsTests
{
    [Fact]
    public void ACommittedRunPrintsItsCommandAndEveryMeasureWithItsSeedsAndAMissingOneHowToMakeIt()
    {
        var text = CommittedResults.Describe("scale");
        var result = Json.ReadFile<ExperimentResult>(Path.Combine(TestPaths.RepoRoot, "docs", "results", "scale.json"), "tests/science/run.sh scale");
        Assert.StartsWith($"committed cpu run: {result.Provenance!.Command} at commit {result.Provenance.Commit[..7]}", text);
        Assert.All(result.Measures.Append(result.Baseline), m => Assert.Contains($"  {m.Name}: {m.Value:F3}", text));
        Assert.Contains(string.Join(", ", result.Measures[0].PerSeed!.Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))), text);
        Assert.Equal("no committed cpu run of nope in this checkout: bash tests/science/run.sh nope makes one\n", CommittedResults.Describe("nope"));
    }
}
