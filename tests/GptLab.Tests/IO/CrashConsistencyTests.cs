using Xunit.Abstractions;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Tokenization;
using GptLab.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Tests.IO;

/// <summary>
/// A kill at any rename or removal of a save, twice in a row, never loses the last complete checkpoint or dataset.
/// The hook stops the save at its N-th step as SIGKILL would (nothing after it runs); the next save starts from what
/// it left, as the next process would.
/// </summary>
public class CrashConsistencyTests(ITestOutputHelper output)
{
    private sealed class Killed : Exception;

    // Runs save with a kill before step `killAt` (0-based); returns the steps the save took (it was killed when ≤ killAt).
    private static int RunUntil(int killAt, Action save)
    {
        var steps = 0;
        AtomicFolder.BeforeStep = _ => { if (steps++ == killAt) throw new Killed(); };
        try
        {
            save();
        }
        catch (Killed)
        {
        }
        finally
        {
            AtomicFolder.BeforeStep = null;
        }
        return steps;
    }

    private static void SaveCheckpoint(string runFolder, Gpt model, long step) =>
        Checkpoint.Save(runFolder, new CheckpointMeta { Config = TorchFixture.TinyRun(1), Tokenizer = "char", VocabSize = 65, Step = step }, folder =>
        {
            TorchFixture.ShakespeareChars.Tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
            model.save_safetensors(Path.Combine(folder, RunFiles.Model));
        }, null, null);

    private static long LoadableStep(string runFolder)
    {
        using var loaded = Checkpoint.Load(runFolder, CPU);
        return loaded.Meta.Step;
    }

    [Fact]
    public void AKillAtEveryStepOfTwoSavesInARowLeavesACompleteCheckpoint()
    {
        using var model = TorchFixture.NewModel(TorchFixture.TinyRun(1).Model);
        var root = TestPaths.NewTempFolder("crash");
        var (firstKills, secondKills) = (0, 0);
        for (var i = 0; ; i++)
        {
            var run = Path.Combine(root, $"run{i}");
            SaveCheckpoint(run, model, 1);
            if (RunUntil(i, () => SaveCheckpoint(run, model, 2)) <= i) break; // the save finished before step i: all covered
            firstKills++;
            Assert.Contains(LoadableStep(run), new long[] { 1, 2 });
            for (var j = 0; ; j++)
            {
                var again = Path.Combine(root, $"run{i}-{j}");
                TestPaths.CopyFolder(run, again); // the state the first kill left, for each second kill
                if (RunUntil(j, () => SaveCheckpoint(again, model, 3)) <= j) break;
                secondKills++;
                Assert.Contains(LoadableStep(again), new long[] { 1, 2, 3 });
            }
            SaveCheckpoint(run, model, 3); // the run goes on: a save without a kill, then nothing is left over
            Assert.Equal(3, LoadableStep(run));
            Checkpoint.Recover(run);
            Assert.Equal([RunFiles.CheckpointFolder], Directory.GetDirectories(run).Select(Path.GetFileName));
        }
        output.WriteLine($"{firstKills} kill points in a save; {secondKills} second kills after them");
        // Each save renames three times and removes the old checkpoint's files one by one: every one was a kill point.
        Assert.True(firstKills >= 6, $"only {firstKills} steps in a save");
        Assert.True(secondKills >= firstKills * firstKills / 2, $"{secondKills} second kills after {firstKills} first ones");
    }

    [Fact]
    public void AKilledPrepareNeverMixesTwoCorpora()
    {
        var root = TestPaths.NewTempFolder("crash-prepare");
        var a = Path.Combine(root, "a.txt");
        var b = Path.Combine(root, "b.txt");
        var lines = File.ReadLines(TestPaths.Shakespeare).Take(2000).ToArray();
        File.WriteAllLines(a, lines);
        File.WriteAllLines(b, lines.Select(l => new string([.. l.Reverse()]))); // the same characters, another text
        var expected = new Dictionary<string, int[]>
        {
            [TokenDataset.Prepare(a, "char", 512, 0.1, Path.Combine(root, "ref-a")).Meta.CorpusSha256] = TokenDataset.Open(Path.Combine(root, "ref-a")).Train,
            [TokenDataset.Prepare(b, "char", 512, 0.1, Path.Combine(root, "ref-b")).Meta.CorpusSha256] = TokenDataset.Open(Path.Combine(root, "ref-b")).Train,
        };
        for (var i = 0; ; i++)
        {
            var data = Path.Combine(root, $"data{i}");
            TokenDataset.Prepare(a, "char", 512, 0.1, data);
            if (RunUntil(i, () => TokenDataset.Prepare(b, "char", 512, 0.1, data)) <= i) break;
            var opened = TokenDataset.Open(data); // whichever corpus it holds, its meta.json and its tokens agree
            Assert.Equal(expected[opened.Meta.CorpusSha256], opened.Train);
            var resumed = TokenDataset.Prepare(a, "char", 512, 0.1, data); // what `pretrain --resume` of corpus a does
            Assert.Equal(expected[resumed.Meta.CorpusSha256], resumed.Train);
            Assert.Equal(expected.Keys.First(), resumed.Meta.CorpusSha256);
        }
    }
}
