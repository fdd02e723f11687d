namespace GptLab.Runtime;

/// <summary>
/// Shares the CPU cores between the GptLab processes that train at the same time (a notebook kernel and the CLI, two
/// workshop exercises). libtorch's OpenMP threads spin while they wait for work; two processes that each run a thread
/// per core then steal each other's time slices, and both collapse (measured on 2 cores: 22,900 tokens/s alone, about
/// 1,700 each side by side). Each training process registers itself in a folder of lock files; every
/// <see cref="CheckInterval"/> it counts the live ones and runs cores ÷ trainers threads (at least one). Alone it keeps
/// libtorch's own count, so its speed is unchanged. An explicit thread count (<c>--threads</c>, train.threads) turns the
/// sharing off, and so does <c>GPTLAB_SHARE_CORES=0</c>.
/// </summary>
public sealed class CoreShare : IDisposable
{
    public const string EnvironmentVariable = "GPTLAB_SHARE_CORES";

    /// <summary>How often a trainer looks for others: the cost is a few file opens, the delay before it yields.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly FileStream? _registration;
    private readonly string _folder;
    private readonly int _soloThreads;
    private DateTime _nextCheck = DateTime.MinValue;

    private CoreShare(FileStream? registration, string folder, int soloThreads)
    {
        _registration = registration;
        _folder = folder;
        _soloThreads = soloThreads;
        Threads = soloThreads;
    }

    /// <summary>The thread count in effect since the last <see cref="Adjust"/>.</summary>
    public int Threads { get; private set; }

    /// <summary>Trainers seen at the last check, this one included.</summary>
    public int Trainers { get; private set; } = 1;

    /// <summary>The default folder of registrations: one per user, in the temp folder.</summary>
    public static string DefaultFolder => Path.Combine(Path.GetTempPath(), $"gptlab-trainers-{Environment.UserName}");

    /// <summary>
    /// Registers this process as a trainer. With <paramref name="requestedThreads"/> &gt; 0 (an explicit count) or
    /// <see cref="EnvironmentVariable"/>=0 nothing is shared: <see cref="Adjust"/> never changes the count.
    /// </summary>
    public static CoreShare Join(int requestedThreads, string? folder = null)
    {
        folder ??= DefaultFolder;
        var solo = TorchSharp.torch.get_num_threads();
        if (requestedThreads > 0 || Environment.GetEnvironmentVariable(EnvironmentVariable) == "0") return new CoreShare(null, folder, solo);
        try
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{Environment.ProcessId}.{Guid.NewGuid():N}.trainer");
            return new CoreShare(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose), folder, solo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CoreShare(null, folder, solo); // no shared temp folder: train as if alone
        }
    }

    /// <summary>At most every <see cref="CheckInterval"/>: counts the live trainers and sets libtorch's threads to this one's share.</summary>
    public void Adjust()
    {
        if (_registration is null || DateTime.UtcNow < _nextCheck) return;
        _nextCheck = DateTime.UtcNow + CheckInterval;
        Trainers = Math.Max(1, LiveTrainers());
        var share = Math.Max(1, _soloThreads / Trainers);
        if (share == Threads) return;
        TorchSharp.torch.set_num_threads(share);
        Threads = share;
    }

    // A registration whose lock can be taken belongs to a process that is gone (the kernel dropped its lock): removed.
    private int LiveTrainers()
    {
        var live = 0;
        foreach (var file in Directory.EnumerateFiles(_folder, "*.trainer"))
        {
            if (file == _registration!.Name) { live++; continue; }
            try
            {
                using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(file);
            }
            catch (IOException) { live++; } // locked: its trainer runs
            catch (UnauthorizedAccessException) { } // another user's: not ours to count
        }
        return live;
    }

    public void Dispose()
    {
        if (_registration is null) return;
        _registration.Dispose(); // deletes the registration
        if (Threads != _soloThreads) TorchSharp.torch.set_num_threads(_soloThreads);
    }
}
