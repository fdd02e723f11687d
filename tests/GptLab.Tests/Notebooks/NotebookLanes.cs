namespace GptLab.Tests.Notebooks;

/// <summary>
/// Runs the course notebooks two at a time, in two lanes of about equal length that never train the same course model
/// at once: 00, 01, 02 (it trains the Shakespeare model), 04, 07, then 10 once 06 has fine-tuned the assistant; and 05,
/// 06 (the chat base, the assistant), 08, 09 once 02 is done, and 03 (its models are its own). A notebook in neither
/// lane runs after both. Each process gets one
/// libtorch thread (OMP_NUM_THREADS=1): two processes that each spin a thread per core would steal each other's time
/// (<c>CoreShare</c> measures it), and tiny models gain little from a second thread. The tests, in course order, wait
/// for their notebook's run; <see cref="Stop"/> (a filtered test run ends before every notebook was asked for) starts
/// no more and waits for the running ones (killed, a .NET process leaves its diagnostic pipes in the temp folder).
/// </summary>
internal sealed class NotebookLanes
{
    private static readonly string[][] Lanes = [["00", "01", "02", "04", "07", "10"], ["05", "06", "08", "09", "03"]];

    // A notebook that loads a course model another lane trains waits for that notebook.
    private static readonly Dictionary<string, string> Waits = new() { ["10"] = "06", ["09"] = "02" };

    private readonly Dictionary<string, TaskCompletionSource<NotebookRun>> _runs;
    private volatile bool _stopped;
    private readonly Task _all;

    /// <summary>Starts running <paramref name="notebooks"/> (file names, "NN-title.ipynb") with <paramref name="run"/>.</summary>
    public NotebookLanes(IEnumerable<string> notebooks, Func<string, NotebookRun> run)
    {
        _runs = notebooks.ToDictionary(n => n, _ => new TaskCompletionSource<NotebookRun>(TaskCreationOptions.RunContinuationsAsynchronously));
        string? Named(string number) => _runs.Keys.SingleOrDefault(n => n.StartsWith(number + "-", StringComparison.Ordinal));
        void Complete(string notebook)
        {
            if (_stopped) _runs[notebook].SetCanceled();
            else try { _runs[notebook].SetResult(run(notebook)); }
            catch (Exception e) { _runs[notebook].SetException(e); }
        }
        var lanes = Lanes.Select(lane => Task.Run(() =>
        {
            foreach (var number in lane)
            {
                if (Named(number) is not { } notebook) continue;
                if (Waits.TryGetValue(number, out var first) && Named(first) is { } other) ((IAsyncResult)_runs[other].Task).AsyncWaitHandle.WaitOne();
                Complete(notebook);
            }
        })).ToArray();
        var rest = _runs.Keys.Except(Lanes.SelectMany(l => l).Select(Named).OfType<string>()).Order(StringComparer.Ordinal).ToList();
        _all = Task.WhenAll(lanes).ContinueWith(_ => rest.ForEach(Complete), TaskScheduler.Default);
    }

    /// <summary>The run of <paramref name="notebook"/>, once it has finished.</summary>
    public NotebookRun Result(string notebook) => _runs[notebook].Task.GetAwaiter().GetResult();

    /// <summary>Starts no more notebooks and returns once the running ones have ended.</summary>
    public void Stop()
    {
        _stopped = true;
        _all.Wait();
    }
}
