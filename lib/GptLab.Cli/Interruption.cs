using System.Runtime.InteropServices;
using GptLab.Training;

namespace GptLab.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM (what <c>timeout</c>, <c>docker stop</c> and batch schedulers send). Inside a stoppable span
/// (<see cref="Stoppable"/>: a training loop, a chat reply) the first signal asks it to stop (training after the current
/// step, saving a checkpoint first) and a second ends the process at once. Anywhere else (preparing data, tokenising,
/// a download, an evaluation, a prompt waiting for input) the first signal ends the process at once: nothing is lost,
/// because every file is written whole or not at all. The handler does not depend on the signals the parent process
/// ignores: SIGTERM is always delivered to it.
/// </summary>
internal static class Interruption
{
    private const int SigInt = 2, SigTerm = 15;
    private static readonly CancellationTokenSource Source = new();
    private static int _signal;
    private static PosixSignalRegistration? _sigterm;
    private static string? _stopping; // what the running stoppable span does on a signal; null outside one

    public static CancellationToken Token => Source.Token;

    /// <summary>The exit code of an interrupted run: 128 + the signal (130 for Ctrl+C, 143 for SIGTERM), as a shell reports it.</summary>
    public static int ExitCode => 128 + (_signal == 0 ? SigInt : _signal);

    /// <summary>Says where an interrupted run stands (on stderr, also with --json) and returns <see cref="ExitCode"/>.</summary>
    public static int Report(TrainResult result)
    {
        Console.Error.WriteLine($"interrupted at step {result.Step}: checkpoint saved in {result.Checkpoint}; continue with --resume");
        return ExitCode;
    }

    /// <summary>Whether a signal came (the command then exits with <see cref="ExitCode"/>, even when it had finished its work).</summary>
    public static bool Requested => Volatile.Read(ref _signal) != 0;

    /// <summary>
    /// Runs <paramref name="work"/>, which watches <see cref="Token"/>, as a stoppable span: a signal meanwhile asks it to
    /// stop, as <paramref name="onSignal"/> says ("training stops after the current step and saves a checkpoint").
    /// </summary>
    public static T Stoppable<T>(string onSignal, Func<T> work)
    {
        var outer = Interlocked.Exchange(ref _stopping, onSignal);
        try
        {
            return work();
        }
        finally
        {
            Volatile.Write(ref _stopping, outer);
        }
    }

    public static void Listen()
    {
        Console.CancelKeyPress += (_, e) => e.Cancel = Request(SigInt, "Ctrl+C");
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Request(SigTerm, "SIGTERM"));
    }

    // True (keep running) for the first signal inside a stoppable span; false lets the process end.
    private static bool Request(int signal, string name)
    {
        if (Interlocked.CompareExchange(ref _signal, signal, 0) != 0) return false;
        if (Volatile.Read(ref _stopping) is not { } stopping)
        {
            Console.Error.WriteLine($"{name}: stopping now (every file is written whole or not at all, so nothing saved is lost)");
            return false;
        }
        Source.Cancel();
        Console.Error.WriteLine($"{name}: {stopping} ({name} again to abort at once)");
        return true;
    }
}
