using System.Diagnostics;
using System.Text.Json;

namespace GptLab.Tests.Cli;

/// <summary>Bad flags, damaged files and a second writer: each a one-line error naming the fix, and nothing saved is lost.</summary>
[Trait("Category", TestCategory.Slow)]
public class HostileInputTests
{
    private static readonly string[] Tiny = ["--profile", "tiny", "--samples", "0"];

    // A finished 20-step tiny run "k" in a fresh runs folder.
    private static string TrainedRuns(string name = "k")
    {
        var runs = TestPaths.NewTempFolder("hostile");
        var trained = CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", name, "--max-steps", "20", "--json"]);
        Assert.True(trained.ExitCode == 0, trained.Stderr);
        return runs;
    }

    private static string Sha(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void UnknownAndMalformedOptionsNameTheOptionAndTheFix()
    {
        var runs = TestPaths.NewTempFolder("hostile");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--max-stepz", "5", "--max-steps", "10"]), "unknown option --max-stepz: did you mean --max-steps?");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sample", "--bogus-flag"), "unknown option --bogus-flag");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--max-steps", "abc"]), "--max-steps 'abc' is not a whole number");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--max-steps", "1.5"]), "--max-steps '1.5' is not a whole number");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--lr", "abc"]), "--lr 'abc' is not a number");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sample", "--num-samples", "0"), "--num-samples 0");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--tokenizer", "bpe", "--bpe-vocab-size", "8000", "--data", "data/synthetic/facts.txt"]), "--bpe-vocab-size");
        Assert.DoesNotContain(Directory.EnumerateFiles(runs, "*", SearchOption.AllDirectories), f => f.EndsWith(".safetensors", StringComparison.Ordinal)); // nothing trained
    }

    [Fact]
    public void ARunWithWeightsIsNeverOverwrittenAndDamagedFilesAreNamed()
    {
        var runs = TrainedRuns();
        var checkpoint = Path.Combine(runs, "k", "checkpoint");
        var weights = Sha(Path.Combine(checkpoint, "model.safetensors"));
        var config = File.ReadAllText(Path.Combine(checkpoint, "config.json"));

        File.Delete(Path.Combine(checkpoint, "config.json"));
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "k", "--max-steps", "30"]), "never overwritten");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "k", "--resume"]), "no config.json");
        Assert.Equal(weights, Sha(Path.Combine(checkpoint, "model.safetensors")));
        File.WriteAllText(Path.Combine(checkpoint, "config.json"), config);

        var optimizer = Path.Combine(checkpoint, "optimizer.bin");
        var saved = File.ReadAllBytes(optimizer);
        File.WriteAllBytes(optimizer, saved[..1000]);
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", "--name", "k", "--resume", "--max-steps", "30", "--samples", "0"]), "optimizer.bin is damaged");
        File.WriteAllBytes(optimizer, saved);

        var model = Path.Combine(checkpoint, "model.safetensors");
        var bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(model, bytes[..5000]);
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sample", "--name", "k"), "model.safetensors is damaged (truncated");
        File.WriteAllBytes(model, bytes);
        Assert.Equal(0, CliRunner.Run(runs, "sample", "--name", "k", "--max-new-tokens", "5").ExitCode);
    }

    [Fact]
    public void AResumedRunRefusesAnotherShapeAndAppliesWhatIsSafe()
    {
        var runs = TrainedRuns();
        foreach (var (flags, key) in new[]
        {
            (new[] { "--n-layer", "4" }, "model.n_layer=4"), (["--block-size", "16"], "model.block_size=16"), (["--tokenizer", "bpe"], "data.tokenizer=bpe"),
            (["--data", "data/tinystories/stories.txt"], "data.corpus="), (["--dtype", "bfloat16"], "dtype=bfloat16"), (["--profile", "cpu"], "--profile cpu"),
        })
            CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", "--name", "k", "--resume", "--samples", "0", .. flags]), key);
        var configFile = Path.Combine(runs, "wide.json");
        File.WriteAllText(configFile, """{"model": {"n_embd": 128}}""");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "pretrain", "--name", "k", "--resume", "--config", configFile), "model.n_embd=128");

        // The very flags that made the run resume it: --profile and --data name what the run already holds.
        var longer = CliRunner.Run(runs, ["pretrain", .. Tiny, "--data", "data/tinyshakespeare/input.txt", "--name", "k", "--resume", "--max-steps", "25", "--lr", "0.001"]);
        Assert.True(longer.ExitCode == 0, longer.Stderr);
        Assert.Contains("resumed with train.learning_rate 0.003 → 0.001", longer.Stdout);
        var finished = CliRunner.Run(runs, "pretrain", "--name", "k", "--resume", "--json", "--samples", "0");
        Assert.True(finished.ExitCode == 0, finished.Stderr);
        var summary = JsonDocument.Parse(finished.LastLine).RootElement;
        Assert.Equal(25, summary.GetProperty("step").GetInt64());
        Assert.True(double.IsFinite(summary.GetProperty("train_loss").GetDouble()), "a finished run resumed reports NaN");
    }

    [Fact]
    public void BinaryOrNonUtf8CorporaAreRejectedWithWhere()
    {
        var runs = TestPaths.NewTempFolder("hostile");
        var random = Path.Combine(runs, "r.bin");
        File.WriteAllBytes(random, [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7919 % 251))]);
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "b", "--data", random]), "is not text");
        var latin1 = Path.Combine(runs, "latin1.txt");
        File.WriteAllBytes(latin1, [.. "caf"u8, 0xE9, .. " au lait\n"u8]);
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "b", "--data", latin1]), "not valid UTF-8 (byte 0xE9 at offset 3)");
        var emptyTrain = Path.Combine(runs, "empty.tsv");
        File.WriteAllText(emptyTrain, "\n\n"); // lines, but no example on them
        var test = Path.Combine(runs, "test.tsv");
        File.WriteAllText(test, "a\tsome text\n");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "classify", "--train", emptyTrain, "--test", test), $"'{emptyTrain}' has no examples");
    }

    [Fact]
    public void AnUnusableRunsFolderNamesTheVariable()
    {
        var file = Path.Combine(TestPaths.NewTempFolder("hostile"), "a-file");
        File.WriteAllText(file, "");
        foreach (var root in new[] { file, "/proc/gptlab-x" })
            CliRunner.AssertOneLineError(CliRunner.Run(root, ["pretrain", .. Tiny, "--name", "k"]), $"GPTLAB_RUNS={root} cannot hold run folders");
    }

    [Fact]
    public void GradClipZeroTrainsWithoutClipping()
    {
        var runs = TestPaths.NewTempFolder("hostile");
        var config = Path.Combine(runs, "noclip.json");
        File.WriteAllText(config, """{"train": {"grad_clip": 0}}""");
        var result = CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "g", "--config", config, "--max-steps", "10", "--json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var norms = GptLab.Training.MetricsLog.Read(Path.Combine(runs, "g", "metrics.jsonl")).Where(m => m.Step > 0).Select(m => m.GradNorm).ToList();
        Assert.NotEmpty(norms);
        Assert.All(norms, n => Assert.True(n > 0 && double.IsFinite(n), $"grad norm {n}"));
    }

    [Fact]
    public void ASecondWriterOfARunIsRefusedWithTheHoldersPid()
    {
        var runs = TestPaths.NewTempFolder("hostile");
        using var first = CliRunner.Start(runs, ["pretrain", .. Tiny, "--name", "k", "--max-steps", "100000"]);
        var clock = Stopwatch.StartNew();
        var owner = Path.Combine(runs, "k", ".lock.owner");
        while (!File.Exists(owner) && clock.Elapsed < TimeSpan.FromSeconds(60) && !first.Process.HasExited) Thread.Sleep(100);
        var second = CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "k", "--resume"]);
        CliRunner.AssertOneLineError(second, $"run 'k' is in use by process {first.Process.Id} (gptlab pretrain");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["prepare", .. Tiny[..2], "--name", "k"]), "is in use by process");
    }
}
