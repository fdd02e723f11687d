using GptLab.IO;
using System.Diagnostics;
using System.Text.Json;

namespace GptLab.Tests.Cli;

[Trait("Category", TestCategory.Slow)]
public class CliTests
{
    private static readonly string[] Tiny = ["--profile", "tiny"];

    [Fact]
    public void InfoReportsTorchAndTheCompatibilityFix()
    {
        var result = CliRunner.Run(TestPaths.NewTempFolder("runs"), "info", "--json");
        Assert.Equal(0, result.ExitCode);
        using var info = JsonDocument.Parse(result.LastLine);
        Assert.Equal("0.107.0", info.RootElement.GetProperty("torchsharp").GetString());
        Assert.StartsWith("2.10", info.RootElement.GetProperty("libtorch").GetString());
        Assert.Equal("cpu", info.RootElement.GetProperty("backend").GetString());
        var needed = GptLab.Runtime.NativeCompatibility.NeedsPatch(GptLab.Runtime.NativeCompatibility.LoadedLibstdcxx());
        Assert.Equal(needed, info.RootElement.GetProperty("compatibility_fix_active").GetBoolean());
        Assert.True(info.RootElement.GetProperty("threads").GetInt32() > 0);
        Assert.Contains(info.RootElement.GetProperty("cpu_bf16").GetString(), new[] { "amx_bf16", "avx512_bf16", "none", "unknown" });
        Assert.False(string.IsNullOrWhiteSpace(info.RootElement.GetProperty("bf16_advice").GetString()));
        var auto = info.RootElement.GetProperty("dtype_auto"); // what --dtype auto measures for the default profile here
        Assert.Contains(auto.GetProperty("dtype").GetString(), new[] { "float32", "bfloat16" });
        if (info.RootElement.GetProperty("cpu_bf16").GetString() == "none") Assert.Equal("float32", auto.GetProperty("dtype").GetString());
        else Assert.Contains("in fp32", auto.GetProperty("reason").GetString());
    }

    [Fact]
    public void PretrainThenSampleThenResume()
    {
        var runs = TestPaths.NewTempFolder("runs");
        var trained = CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "t", "--json"]);
        Assert.True(trained.ExitCode == 0, trained.Stderr);
        using var summary = JsonDocument.Parse(trained.LastLine);
        var root = summary.RootElement;
        Assert.Equal(150, root.GetProperty("step").GetInt64());
        Assert.True(root.GetProperty("val_loss").GetDouble() < 2.9, trained.LastLine);
        foreach (var key in new[] { "train_loss", "tokens_per_s", "elapsed_s" }) Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        Assert.True(Directory.Exists(root.GetProperty("checkpoint").GetString()));

        var sampled = CliRunner.Run(runs, "sample", "--name", "t", "--prompt", "ROMEO:", "--max-new-tokens", "40", "--json");
        Assert.True(sampled.ExitCode == 0, sampled.Stderr);
        var text = JsonDocument.Parse(sampled.LastLine).RootElement.GetProperty("text").GetString()!;
        Assert.Equal(40, text.Length);
        Assert.Equal(text, JsonDocument.Parse(CliRunner.Run(runs, "sample", "--name", "t", "--prompt", "ROMEO:", "--max-new-tokens", "40", "--json").LastLine).RootElement.GetProperty("text").GetString());

        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "t"]), "--resume");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["prepare", .. Tiny, "--name", "t"]), "prepare into another --name"); // its data is what it resumes on
        var resumed = CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "t", "--resume", "--max-steps", "170", "--json"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(170, JsonDocument.Parse(resumed.LastLine).RootElement.GetProperty("step").GetInt64());
        // The longer run keeps the schedule it started with: the cosine ended at step 150, the extra steps run at min_lr.
        var extra = GptLab.Training.MetricsLog.Read(Path.Combine(runs, "t", GptLab.IO.RunFiles.Metrics)).Where(m => m.Step > 151).ToList();
        Assert.NotEmpty(extra);
        Assert.All(extra, m => Assert.Equal(TorchFixture.Tiny.Train.MinLr, m.Lr, 12));
    }

    [Fact]
    public void BadInputGetsOneLineAndANonZeroExit()
    {
        var runs = TestPaths.NewTempFolder("runs");
        var empty = Path.Combine(runs, "empty.txt");
        File.WriteAllText(empty, "");
        var badConfig = Path.Combine(runs, "bad.json");
        File.WriteAllText(badConfig, """{ "train": { "max_stepz": 5 } }""");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--data", "missing.txt"]), "corpus not found");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--data", empty]), "is empty");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--n-head", "3"]), "n_embd=64 must be a positive multiple of n_head=3");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--lr", "-1"]), "learning_rate=-1");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, ["pretrain", .. Tiny, "--config", badConfig]), "max_stepz");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "pretrain", "--profile", "huge"), "unknown profile 'huge'");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sample", "--name", "nothing-here"), "no checkpoint");

        var broken = Path.Combine(runs, "broken", "checkpoint");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "config.json"), "{ oops");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sample", "--name", "broken"), "not valid");
    }

    [Fact]
    public void PromptsTheModelCannotTakeAreRefused()
    {
        var runs = TestPaths.NewTempFolder("runs");
        Assert.Equal(0, CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "p", "--max-steps", "5", "--samples", "0", "--json"]).ExitCode);
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sample", "--name", "p", "--prompt", "naïve"), "position 2");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sample", "--name", "p", "--prompt", new string('a', 40)), "context is 32");
        CliRunner.AssertOneLineError(CliRunner.Run(runs, "sample", "--name", "p", "--temperature", "-2"), "temperature=-2");
    }

    [Fact]
    public async Task SigtermSavesACheckpointAndExitsNonZero()
    {
        // SIGTERM (timeout, docker stop, batch schedulers) is handled like Ctrl+C. Unlike SIGINT, a background job never
        // inherits it ignored, so this test does not depend on how its own shell was started.
        var runs = TestPaths.NewTempFolder("runs");
        using var running = CliRunner.Start(runs, ["pretrain", .. Tiny, "--name", "c", "--max-steps", "100000", "--samples", "0"]);
        var process = running.Process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var metrics = Path.Combine(runs, "c", "metrics.jsonl");
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(metrics) && File.ReadAllLines(metrics).Length > 3) && clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited) Thread.Sleep(100);
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "gptlab did not stop after SIGTERM");
        var error = await stderr;
        Assert.True(process.ExitCode == 143, $"exit {process.ExitCode}: {error}");
        var step = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "c", "checkpoint", "config.json"))).RootElement.GetProperty("step").GetInt64();
        Assert.InRange(step, 3, 99_999);
        Assert.Contains($"interrupted at step {step}: checkpoint saved", error);
        Assert.DoesNotContain("interrupted", await stdout);
    }

    [Fact]
    public async Task SigtermOutsideTrainingEndsTheProcessAtOnceAndLeavesNoHalfData()
    {
        // Preparing a corpus is no training step: nothing waits for the signal, and the atomic data folder means
        // stopping at once loses nothing. Before, the first SIGTERM was swallowed and prepare finished with exit 0.
        var runs = TestPaths.NewTempFolder("runs");
        var corpus = Path.Combine(runs, "big.txt");
        File.WriteAllText(corpus, string.Concat(Enumerable.Repeat(File.ReadAllText(TestPaths.Shakespeare), 16))); // BPE takes many seconds
        using var running = CliRunner.Start(runs, "prepare", "--name", "p", "--data", corpus, "--tokenizer", "bpe", "--bpe-vocab-size", "4000");
        var process = running.Process;
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(runs, "p", ".lock")) && clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited) Thread.Sleep(50);
        Thread.Sleep(500); // inside the tokenizer's training
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "prepare did not stop after SIGTERM");
        var error = await stderr;
        Assert.True(process.ExitCode == 143, $"exit {process.ExitCode}: {error}");
        Assert.Contains("SIGTERM: stopping now", error);
        Assert.False(File.Exists(Path.Combine(runs, "p", "data", "meta.json")), "a data folder was sealed after the signal");
    }

    [Fact]
    public void AFullDiskIsReportedAndLeavesNoHalfCheckpoint()
    {
        var runs = TestPaths.NewTempFolder("fulldisk");
        var mount = Process.Start("mount", ["-t", "tmpfs", "-o", "size=2600k", "tmpfs", runs])!;
        mount.WaitForExit();
        Assert.True(mount.ExitCode == 0, "mount -t tmpfs failed");
        try
        {
            // The prepared data (≈2.2 MB) fits; the checkpoint does not.
            var result = CliRunner.Run(runs, ["pretrain", .. Tiny, "--name", "f", "--max-steps", "3", "--samples", "0"]);
            CliRunner.AssertOneLineError(result, "disk full");
            Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(runs, "f")), d => d.EndsWith(".tmp", StringComparison.Ordinal));
        }
        finally
        {
            Process.Start("umount", [runs])!.WaitForExit();
        }
    }

    [Fact]
    public void BenchPrintsOneJsonObjectWithTheMeasures()
    {
        var runs = TestPaths.NewTempFolder("runs");
        var result = CliRunner.Run(runs, ["bench", .. Tiny, "--json", "--steps", "8", "--rounds", "1", "--leak-steps", "12", "--sample-tokens", "16", "--sample-context", "32"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var root = JsonDocument.Parse(result.LastLine).RootElement;
        foreach (var key in new[] { "train_tokens_per_s", "reference_tokens_per_s", "sample_tokens_per_s_kv", "sample_tokens_per_s_nokv", "peak_rss_mb", "concurrent_tokens_per_s", "concurrent_ratio", "matmul_peak_gflops_fp32", "matmul_peak_gflops_bf16", "train_gflops", "mfu", "step_ms_forward", "step_ms_backward", "step_ms_optimizer", "forward_mfu", "backward_mfu" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        Assert.Equal(0, root.GetProperty("live_tensors_growth").GetInt64());
        Assert.True(root.GetProperty("kv_speedup").GetDouble() > 0, "kv_speedup measured"); // a speed, never asserted in a test: gptlab bench and docs/benchmarks.md hold it
        Assert.Equal((0.0, true), (root.GetProperty("device_rel_error_fp32").GetDouble(), root.GetProperty("device_rel_error_bf16").GetDouble() is > 0 and < 2e-2));
        Assert.InRange(root.GetProperty("mfu").GetDouble(), 1e-6, 1.0); // a training step cannot beat the machine's own matmul
        // train_gflops is printed to 0.01 and tokens/s to 0.1, so the two agree within 0.01 (rounding both to one decimal
        // failed whenever they fell either side of a .x5 boundary: 45.746 against 45.75).
        Assert.Equal(root.GetProperty("train_tokens_per_s").GetDouble() * root.GetProperty("model_flops_per_token").GetInt64() / 1e9, root.GetProperty("train_gflops").GetDouble(), 0.01);
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.Equal("tiny", root.GetProperty("profile").GetString());
        Assert.Equal("0.107.0", root.GetProperty("torchsharp").GetString());
    }
}
