namespace GptLab.Tests;

public sealed class TestPathsTests
{
    [Fact]
    public void The_sweep_keeps_live_runs_and_deletes_dead_runs_and_loose_folders()
    {
        var parent = TestPaths.NewTempFolder("sweep");
        var live = Directory.CreateDirectory(Path.Combine(parent, $"run-{Environment.ProcessId}")).FullName;
        var dead = Directory.CreateDirectory(Path.Combine(parent, "run-2147483646")).FullName; // above Linux's pid_max
        var loose = Directory.CreateDirectory(Path.Combine(parent, "charts-0123abcd")).FullName;
        File.WriteAllText(Path.Combine(dead, "ckpt.pt"), "x");

        TestPaths.SweepStale(parent);

        Assert.True(Directory.Exists(live));
        Assert.False(Directory.Exists(dead));
        Assert.False(Directory.Exists(loose));
    }

    [Fact]
    public void Scratch_folders_are_inside_this_process_run_folder()
    {
        var folder = TestPaths.NewTempFolder("where");
        Assert.Equal($"run-{Environment.ProcessId}", Path.GetFileName(Path.GetDirectoryName(folder)));
    }
}
