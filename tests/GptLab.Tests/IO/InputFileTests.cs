using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;

namespace GptLab.Tests.IO;

/// <summary>Files a user names are read only when they are regular files of a bounded size: nothing hangs, nothing fills memory.</summary>
public class InputFileTests
{
    // mkfifo's pipe: a reader that opened it would wait for a writer forever.
    private static string Fifo(string folder)
    {
        var path = Path.Combine(folder, "pipe");
        using var mkfifo = Process.Start("mkfifo", path)!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    // Runs a read that must fail fast; a hang fails the test after 20 s instead of blocking the suite.
    private static GptLabException Refused(Action read)
    {
        var task = Task.Run(() => Assert.Throws<GptLabException>(read));
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "the read hung");
        return task.Result;
    }

    [Fact]
    public void APipeOrADeviceAsACorpusConfigOrLabelledFileIsRefusedAtOnce()
    {
        var folder = TestPaths.NewTempFolder("input-file");
        var pipe = Fifo(folder);
        var labelled = Path.Combine(folder, "test.tsv");
        File.WriteAllText(labelled, "a\tsome text\n");
        foreach (var special in new[] { pipe, "/dev/zero" })
        {
            Assert.Contains("not a regular file", Refused(() => Corpus.LoadFile(special)).Message);
            Assert.Contains("not a regular file", Refused(() => Corpus.Load($"{labelled};{special}")).Message);
            Assert.Contains("not a regular file", Refused(() => ConfigFile.Apply(new RunConfig(), special, "pretrain")).Message);
            Assert.Contains("not a regular file", Refused(() => ClassificationDataset.FromTsv(special, labelled)).Message);
        }
    }

    [Fact]
    public void AFileOverItsLimitIsRefusedBeforeItIsReadAndALinkIsFollowed()
    {
        var folder = TestPaths.NewTempFolder("input-file-size");
        var file = Path.Combine(folder, "text.txt");
        File.WriteAllText(file, "0123456789");
        var error = Assert.Throws<GptLabException>(() => InputFile.ReadAllBytes(file, 9, "corpus 'text.txt'", "pass a smaller file"));
        Assert.Equal("corpus 'text.txt' holds 10 bytes, more than the 9 it may: pass a smaller file", error.Message);
        Assert.Equal("0123456789", InputFile.ReadAllText(file, 10, "corpus", "fix"));
        var link = Path.Combine(folder, "link.txt");
        File.CreateSymbolicLink(link, file);
        Assert.Equal("0123456789", Corpus.LoadFile(link));
        File.WriteAllText(file, "");
        Assert.Contains("is empty", Assert.Throws<GptLabException>(() => Corpus.LoadFile(link)).Message);
    }

    [Fact]
    public void AConfigThatSetsAKeyTwiceAndARunNameTooLongForAFolderAreNamed()
    {
        var folder = TestPaths.NewTempFolder("config-keys");
        var config = Path.Combine(folder, "twice.json");
        File.WriteAllText(config, """{"train": {"max_steps": 5, "max_steps": 6}}""");
        var error = Assert.Throws<GptLabException>(() => ConfigFile.Apply(new RunConfig(), config, "pretrain"));
        Assert.Equal($"config file '{config}' sets max_steps twice in one object: keep one of them", error.Message);
        File.WriteAllText(config, """{"train": {"max_steps": 5}, "model": {"n_layer": 2}}""");
        Assert.Equal(5, ConfigFile.Apply(new RunConfig(), config, "pretrain").Train.MaxSteps);

        Assert.EndsWith("runs-name", RunFolders.For("runs-name"));
        var tooLong = Assert.Throws<GptLabException>(() => RunFolders.For(new string('n', 256)));
        Assert.Contains("is 256 bytes, longer than a folder name may be (255): choose a shorter --name", tooLong.Message);
        Assert.Contains("bytes, longer", Assert.Throws<GptLabException>(() => RunFolders.For(new string('é', 128))).Message); // 256 bytes in UTF-8
    }
}
