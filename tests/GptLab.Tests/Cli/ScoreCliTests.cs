using System.Text.Json;

namespace GptLab.Tests.Cli;

[Trait("Category", TestCategory.Slow)]
public class ScoreCliTests
{
    [Fact]
    public void TextUnlikeTheTrainingDataCostsMoreAndBadInputIsOneLine()
    {
        var runs = TestPaths.NewTempFolder("score");
        var trained = CliRunner.Run(runs, "pretrain", "--profile", "tiny", "--name", "s", "--samples", "0", "--json");
        Assert.True(trained.ExitCode == 0, trained.Stderr);
        var shakespeare = File.ReadAllText(TestPaths.Shakespeare);
        var heldOut = Path.Combine(runs, "held-out.txt");
        File.WriteAllText(heldOut, shakespeare[^20_000..]); // the end of the corpus: its validation split
        var shuffled = Path.Combine(runs, "shuffled.txt");
        var random = new Random(3);
        File.WriteAllText(shuffled, new string([.. shakespeare[^20_000..].OrderBy(_ => random.Next())])); // same characters, no language
        var result = CliRunner.Run(runs, "score", "--name", "s", heldOut, shuffled, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        var files = json.GetProperty("files").EnumerateArray().ToList();
        var (inDistribution, noise) = (files[0].GetProperty("loss").GetDouble(), files[1].GetProperty("loss").GetDouble());
        Assert.True(noise > inDistribution + 0.3, $"shuffled {noise:F3} vs held-out {inDistribution:F3}");
        Assert.InRange(inDistribution, json.GetProperty("val_loss").GetDouble() - 0.3, json.GetProperty("val_loss").GetDouble() + 0.3);
        Assert.Equal(0, files[0].GetProperty("skipped").GetInt32());

        CliRunner.AssertOneLineError(CliRunner.Run(runs, "score", "--name", "s", Path.Combine(runs, "missing.txt")), "not found");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "score", "--name", "s", runs), "is a folder");
        var empty = Path.Combine(runs, "empty.txt");
        File.WriteAllText(empty, "");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "score", "--name", "s", empty), "is empty");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "score", "--name", "nobody", heldOut), "no checkpoint");
        var code = Path.Combine(runs, "code.cs");
        File.WriteAllText(code, "int x = a[0] + {1};");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "score", "--name", "s", code, "--strict"), "--strict");
    }
}
