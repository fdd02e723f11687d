using GptLab.Runtime;
using static TorchSharp.torch;

namespace GptLab.Tests.Runtime;

public class CoreShareTests
{
    [Fact]
    public void TrainersOnOneMachineSplitTheCoresAndAStaleRegistrationIsDropped()
    {
        var folder = TestPaths.NewTempFolder("cores");
        var before = get_num_threads(); // one in a test run (TorchFixture.Initialize): two, so that there is something to split
        set_num_threads(2);
        var solo = get_num_threads();
        File.WriteAllText(Path.Combine(folder, "99999.dead.trainer"), ""); // left by a killed trainer: no lock on it
        try
        {
            using (var first = CoreShare.Join(0, folder))
            {
                first.Adjust();
                Assert.Equal((1, solo), (first.Trainers, first.Threads)); // alone: libtorch's own count
                Assert.False(File.Exists(Path.Combine(folder, "99999.dead.trainer")));
                using (var second = CoreShare.Join(0, folder))
                {
                    second.Adjust();
                    Assert.Equal((2, Math.Max(1, solo / 2)), (second.Trainers, second.Threads));
                    Assert.Equal(second.Threads, get_num_threads());
                }
                Thread.Sleep(CoreShare.CheckInterval + TimeSpan.FromMilliseconds(100));
                first.Adjust(); // the other one has gone
                Assert.Equal((1, solo), (first.Trainers, first.Threads));
            }
            Assert.Empty(Directory.EnumerateFiles(folder));
            using var pinned = CoreShare.Join(1, folder); // --threads 1: nothing is shared, nothing registered
            pinned.Adjust();
            Assert.Empty(Directory.EnumerateFiles(folder));
        }
        finally
        {
            set_num_threads(before);
        }
    }
}
