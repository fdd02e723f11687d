using System.Diagnostics;
using GptLab.IO;

namespace GptLab.Tests.IO;

public class RunLockTests
{
    [Fact]
    public void ASecondWriterIsToldWhoHoldsTheRun()
    {
        var run = Path.Combine(TestPaths.NewTempFolder("lock"), "k");
        using (RunLock.Acquire(run, "gptlab pretrain"))
        {
            var error = Assert.Throws<GptLabException>(() => RunLock.Acquire(run, "gptlab pretrain"));
            Assert.Contains($"run 'k' is in use by process {Environment.ProcessId} (gptlab pretrain", error.Message);
            Assert.Contains("--name", error.Message);
        }
        using (RunLock.Acquire(run, "gptlab sft")) { } // released on dispose
    }

    [Fact]
    public void ALockHeldByAKilledProcessDoesNotBlockTheNextRun()
    {
        var run = Path.Combine(TestPaths.NewTempFolder("lock"), "k");
        Directory.CreateDirectory(run);
        // flock(1) takes the same advisory lock .NET takes for FileShare.None, in a process we can kill.
        var start = new ProcessStartInfo("flock", ["--exclusive", "--no-fork", Path.Combine(run, RunFiles.Lock), "sleep", "60"]) { RedirectStandardError = true };
        using var holder = Process.Start(start)!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && TryAcquire(run)) Thread.Sleep(50); // until flock holds it
            Assert.False(TryAcquire(run), "the other process never took the lock");
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
        Assert.True(TryAcquire(run), "a killed process's lock still blocks");
    }

    private static bool TryAcquire(string run)
    {
        try
        {
            using (RunLock.Acquire(run, "test")) return true;
        }
        catch (GptLabException)
        {
            return false;
        }
    }

    [Fact]
    public void AnUnusableRunsRootIsOneLineNamingTheVariable()
    {
        var saved = Environment.GetEnvironmentVariable(RunFolders.EnvironmentVariable);
        var file = Path.Combine(TestPaths.NewTempFolder("runs-root"), "a-file");
        File.WriteAllText(file, "not a folder");
        try
        {
            foreach (var root in new[] { file, "/proc/gptlab-x", "/sys/kernel/gptlab" })
            {
                Environment.SetEnvironmentVariable(RunFolders.EnvironmentVariable, root);
                var error = Assert.Throws<GptLabException>(() => RunLock.Acquire(RunFolders.For("k"), "test"));
                Assert.StartsWith($"GPTLAB_RUNS={root} cannot hold run folders", error.Message);
                Assert.DoesNotContain('\n', error.Message);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(RunFolders.EnvironmentVariable, saved);
        }
    }
}
