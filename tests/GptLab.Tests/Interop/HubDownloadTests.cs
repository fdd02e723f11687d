using GptLab.Interop;
using GptLab.Tests.Cli;

namespace GptLab.Tests.Interop;

/// <summary>The download path against <see cref="LocalHub"/> on 127.0.0.1: no test reaches the internet.</summary>
[Trait("Category", TestCategory.Slow)]
public class HubDownloadTests
{
    [Fact]
    public void AFullDownloadGivesTheHubsFilesAndImports()
    {
        var root = TestPaths.NewTempFolder("hub");
        var source = new Gpt2Folder(Path.Combine(root, "published"));
        using var hub = new LocalHub("gpt2", source.Folder);
        var reports = new List<(string File, long Done, long? Total)>();
        var folder = HubDownload.Fetch("gpt2", (f, d, t) => reports.Add((f, d, t)), hub.Endpoint, Path.Combine(root, "cache"));

        Assert.Equal(Path.Combine(root, "cache", "gpt2"), folder);
        foreach (var file in HubDownload.Files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(source.Folder, file)), File.ReadAllBytes(Path.Combine(folder, file)));
        Assert.Equal(new FileInfo(Path.Combine(source.Folder, "model.safetensors")).Length, reports.Last(r => r.File == "model.safetensors").Total);
        Assert.Empty(Directory.GetFiles(folder, "*.part"));
        // The weights need the tokenizer: the test's model is not GPT-2's vocabulary, so it is put beside them.
        File.Copy(Path.Combine(source.Folder, CheckpointExport.TokenizerFile), Path.Combine(folder, CheckpointExport.TokenizerFile));
        PretrainedImport.Gpt2(folder, Path.Combine(root, "runs", "gpt2"));

        // Cached: a second fetch asks the hub for nothing.
        HubDownload.Fetch("gpt2", null, hub.Endpoint, Path.Combine(root, "cache"));
        Assert.Single(hub.WeightRanges);
    }

    [Fact]
    public void ADownloadCutHalfwayResumesFromWhereItStopped()
    {
        var root = TestPaths.NewTempFolder("hub-cut");
        var source = new Gpt2Folder(Path.Combine(root, "published"), width: 64); // a few hundred kB, several reads
        using var hub = new LocalHub("gpt2", source.Folder) { CutNextDownload = true };
        var cache = Path.Combine(root, "cache");
        var broken = Assert.Throws<GptLabException>(() => HubDownload.Fetch("gpt2", null, hub.Endpoint, cache));
        Assert.Contains("run the same command again to resume", broken.Message);
        var folder = HubDownload.CacheFolder("gpt2", cache);
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors")), "a broken download took the final name");
        var kept = new FileInfo(Path.Combine(folder, "model.safetensors.part")).Length;
        Assert.True(kept > 0, "nothing of the first half was kept");

        HubDownload.Fetch("gpt2", null, hub.Endpoint, cache);
        Assert.Equal(["", $"bytes={kept}-"], hub.WeightRanges);
        Assert.Equal(File.ReadAllBytes(Path.Combine(source.Folder, "model.safetensors")), File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors.part")));
    }

    [Fact]
    public void AWrongChecksumIsRefusedAndLeavesNoWeights()
    {
        var root = TestPaths.NewTempFolder("hub-sha");
        var source = new Gpt2Folder(Path.Combine(root, "published"));
        using var hub = new LocalHub("gpt2", source.Folder) { WrongSha256 = new string('a', 64) };
        var cache = Path.Combine(root, "cache");
        var e = Assert.Throws<GptLabException>(() => HubDownload.Fetch("gpt2", null, hub.Endpoint, cache));
        Assert.Contains("does not match its published SHA-256", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var folder = HubDownload.CacheFolder("gpt2", cache);
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors")));
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors.part")));
    }

    [Fact]
    public void AServerThatStallsIsGivenUpOnWithTheWayToResume()
    {
        var root = TestPaths.NewTempFolder("hub-stall");
        var source = new Gpt2Folder(Path.Combine(root, "published"));
        using var hub = new LocalHub("gpt2", source.Folder) { StallAfterHeaders = true };
        var cache = Path.Combine(root, "cache");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<GptLabException>(() => HubDownload.Fetch("gpt2", null, hub.Endpoint, cache, stallTimeout: TimeSpan.FromSeconds(1)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"gave up after {clock.Elapsed}");
        Assert.Contains("sent nothing for 1 s: run the same command again to resume", e.Message);
        Assert.Empty(Directory.GetFiles(HubDownload.CacheFolder("gpt2", cache), "*.json"));
    }

    [Fact]
    public void AnHtmlPageForEveryFileIsNeverCachedAsTheConfig()
    {
        var root = TestPaths.NewTempFolder("hub-html");
        var source = new Gpt2Folder(Path.Combine(root, "published"));
        using var hub = new LocalHub("gpt2", source.Folder) { HtmlForEverything = true };
        var cache = Path.Combine(root, "cache");
        var e = Assert.Throws<GptLabException>(() => HubDownload.Fetch("gpt2", null, hub.Endpoint, cache));
        Assert.Contains("is not a JSON object (an HTML page?): nothing was cached", e.Message);
        var folder = HubDownload.CacheFolder("gpt2", cache);
        Assert.False(File.Exists(Path.Combine(folder, "config.json")));
        Assert.False(File.Exists(Path.Combine(folder, "config.json.part")));
        // The same cache then downloads from a working hub.
        using var good = new LocalHub("gpt2", source.Folder);
        HubDownload.Fetch("gpt2", null, good.Endpoint, cache);
        Assert.Equal(File.ReadAllBytes(Path.Combine(source.Folder, "config.json")), File.ReadAllBytes(Path.Combine(folder, "config.json")));
    }

    [Fact]
    public void AnUnknownModelOrAnUnreachableHubIsOneLineFromTheCli()
    {
        var root = TestPaths.NewTempFolder("hub-cli");
        var source = new Gpt2Folder(Path.Combine(root, "published"));
        using var hub = new LocalHub("gpt2", source.Folder);
        var cache = Path.Combine(root, "cache");
        var environment = new Dictionary<string, string> { ["HF_ENDPOINT"] = hub.Endpoint, [HubDownload.CacheVariable] = cache };
        var missing = CliRunner.RunWith(root, environment, "import", "gpt2", "--download", "gpt3", "--name", "g");
        CliRunner.AssertOneLineError(missing, "has no gpt3/config.json (404)");
        Assert.False(Directory.Exists(Path.Combine(cache, "gpt3")));
        Assert.False(Directory.Exists(Path.Combine(root, "g")));

        // Nothing listens on the port of a closed hub: the message says where to put the files by hand.
        var closed = new Dictionary<string, string> { ["HF_ENDPOINT"] = "http://127.0.0.1:9", [HubDownload.CacheVariable] = cache };
        CliRunner.AssertOneLineError(CliRunner.RunWith(root, closed, "import", "gpt2", "--download", "gpt2", "--name", "g"), "by hand");
        CliRunner.AssertOneLineError(CliRunner.Run(root, "import", "gpt2", "--download", "gpt2", "--from", source.Folder, "--name", "g"), "without --from");
        CliRunner.AssertOneLineError(CliRunner.RunWith(root, environment, "import", "gpt2", "--download", "../x", "--name", "g"), "not a model id");
    }
}
