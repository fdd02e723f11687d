using System.Text.Json;
using GptLab.Experiments.Lab;

namespace GptLab.Tests.Experiments;

public class ResultBlocksTests
{
    [Fact]
    public void ABlockIsItsFilesTableAndAHandEditedNumberIsCaught()
    {
        var root = TestPaths.NewTempFolder("blocks");
        var result = new ExperimentResult
        {
            Experiment = "demo", Profile = "cpu", Seed = 1, Effect = "an effect", HeldOut = "kept apart",
            Measures = [ExperimentMeasure.Share("right", [true, true, true, false])], Baseline = ExperimentMeasure.Exact("chance", 0.5, "share"),
        };
        Directory.CreateDirectory(Path.Combine(root, "docs", "results"));
        File.WriteAllText(Path.Combine(root, "docs", "results", "demo.json"), JsonSerializer.Serialize(result, Json.Options));
        var doc = "# Demo\n\n<!-- results: docs/results/demo.json -->\n<!-- /results -->\n\nProse.\n";

        var refreshed = ResultBlocks.Refresh(doc, root);
        Assert.Contains("| right | 0.750 |", refreshed);
        Assert.Contains("Effect: an effect.", refreshed);
        Assert.EndsWith("<!-- /results -->\n\nProse.\n", refreshed);
        Assert.Equal(refreshed, ResultBlocks.Refresh(refreshed, root)); // refreshing twice changes nothing
        Assert.Equal(["docs/results/demo.json"], ResultBlocks.Files(refreshed));
        var edited = refreshed.Replace("| right | 0.750 |", "| right | 0.800 |", StringComparison.Ordinal);
        Assert.NotEqual(edited, ResultBlocks.Refresh(edited, root)); // what DocsQuoteTheirResultFilesExactly catches
        Assert.Throws<GptLabException>(() => ResultBlocks.Refresh(doc.Replace("demo.json", "missing.json", StringComparison.Ordinal), root));
    }
}
