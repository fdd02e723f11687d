using System.Text.Json;
using GptLab.Tests.Interop;

namespace GptLab.Tests.Cli;

[Trait("Category", TestCategory.Slow)]
public class ImportExportCliTests
{
    [Fact]
    public void AnImportedGpt2SamplesScoresAndTravelsBackThroughExport()
    {
        var runs = TestPaths.NewTempFolder("import-cli");
        var source = new Gpt2Folder(Path.Combine(runs, "downloaded-gpt2"));
        var imported = CliRunner.Run(runs, "import", "gpt2", "--from", source.Folder, "--name", "g");
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Contains("2 layers × 16", // Spectre wraps at 80 columns
            System.Text.RegularExpressions.Regex.Replace(imported.Stdout, @"\s+", " "));

        var sampled = CliRunner.Run(runs, "sample", "--name", "g", "--max-new-tokens", "20", "--prompt", "the ");
        Assert.True(sampled.ExitCode == 0, sampled.Stderr);
        var text = Path.Combine(runs, "text.txt");
        File.WriteAllText(text, "the cat sat on the mat.\nthe dog ran, then slept.\n");
        var scored = CliRunner.Run(runs, "score", "--name", "g", text, "--json");
        Assert.True(scored.ExitCode == 0, scored.Stderr);

        var exported = Path.Combine(runs, "exported");
        var export = CliRunner.Run(runs, "export", "--name", "g", "--format", "hf", "--to", exported);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.True(CliRunner.Run(runs, "import", "gpt2", "--from", exported, "--name", "g2").ExitCode == 0);
        var rescored = CliRunner.Run(runs, "score", "--name", "g2", text, "--json");
        double Loss(CliRunner.Result r) => JsonDocument.Parse(r.LastLine).RootElement.GetProperty("files")[0].GetProperty("loss").GetDouble();
        Assert.Equal(Loss(scored), Loss(rescored));

        CliRunner.AssertOneLineError(CliRunner.Run(runs, "import", "llama", "--from", source.Folder, "--name", "x"), "unknown layout 'llama'");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "import", "gpt2", "--from", Path.Combine(runs, "none"), "--name", "x"), "no such folder");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "import", "gpt2", "--from", source.Folder, "--name", "g"), "already holds a checkpoint");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "export", "--name", "g", "--format", "hf", "--to", exported), "not empty");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "export", "--name", "g", "--format", "onnx", "--to", Path.Combine(runs, "y")), "unknown export format");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "export", "--name", "nobody", "--to", Path.Combine(runs, "y")), "no checkpoint");
        Assert.False(Directory.Exists(Path.Combine(runs, "x")));
        Assert.False(Directory.Exists(Path.Combine(runs, "y")));
    }
}
