using System.Text.Json.Nodes;

namespace GptLab.Tests.Cli;

[Trait("Category", TestCategory.Slow)]
public class PrintConfigTests
{
    [Theory]
    [InlineData("pretrain", "--lr", "0.002", "--n-layer", "3", "--data", "data/tinystories/stories.txt")]
    [InlineData("sft", "--epochs", "1.5", "--loss-on", "all", "--dtype", "bfloat16")]
    [InlineData("classify", "--head-only", "--steps", "40", "--seed", "5")]
    [InlineData("dpo", "--beta", "0.25", "--loss", "ipo", "--epochs", "2")]
    [InlineData("reward", "--epochs", "3", "--data-seed", "4")]
    [InlineData("rl", "--group", "4", "--beta", "0.02", "--steps", "7", "--rewards", "shuffled")]
    public void EveryTrainingVerbReadsBackWhatItPrints(string verb, params string[] flags)
    {
        var runs = TestPaths.NewTempFolder("print-config");
        var printed = CliRunner.Run(runs, [verb, "--profile", "tiny", .. flags, "--print-config"]);
        Assert.True(printed.ExitCode == 0, printed.Stderr);
        var file = Path.Combine(runs, "settings.json");
        File.WriteAllText(file, printed.Stdout);

        // Another profile and no flags: the file alone must give the same settings back.
        var again = CliRunner.Run(runs, [verb, "--profile", "cpu", "--config", file, "--print-config"]);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(printed.Stdout, again.Stdout);
        Assert.Equal(["settings.json"], Directory.EnumerateFileSystemEntries(runs).Select(Path.GetFileName)); // nothing ran

        var json = JsonNode.Parse(printed.Stdout)!;
        switch (verb)
        {
            case "pretrain":
                Assert.Equal(3, (int)json["model"]!["n_layer"]!);
                Assert.Equal("data/tinystories/stories.txt", (string)json["data"]!["corpus"]!);
                break;
            case "sft":
                Assert.Equal(("all", "bfloat16"), ((string)json["sft"]!["loss_on"]!, (string)json["dtype"]!));
                Assert.Null(json["model"]); // the base run's
                break;
            case "classify":
                Assert.Equal((true, 40, 5L), ((bool)json["classify"]!["head_only"]!, (int)json["train"]!["max_steps"]!, (long)json["train"]!["seed"]!));
                break;
            case "reward":
                Assert.Equal((3.0, 4), ((double)json["reward"]!["epochs"]!, (int)json["reward"]!["pairs"]!["data_seed"]!));
                break;
            case "rl":
                Assert.Equal((4, 0.02, 7, "shuffled"), ((int)json["rl"]!["group"]!, (double)json["rl"]!["beta"]!, (int)json["train"]!["max_steps"]!, (string)json["rl"]!["rewards"]!));
                Assert.Null(json["model"]); // the SFT run's
                break;
            case "dpo":
                Assert.Equal((0.25, "ipo", 2.0), ((double)json["dpo"]!["beta"]!, (string)json["dpo"]!["loss"]!, (double)json["dpo"]!["epochs"]!));
                Assert.Null(json["model"]); // the SFT run's
                break;
        }
    }
}
