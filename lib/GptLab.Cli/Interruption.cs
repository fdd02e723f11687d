using System.Runtime.InteropServices;
using GptLab.Training;

namespace GptLab.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM (what <c>timeout</c>, <c>docker stop</c> and batch schedulers send) ask training to stop
/// after the current step; it saves a checkpoint first. A second signal ends the process at once. The handler does not
/// depend on the signals the parent process ignores: SIGTERM is always delivered to it.
/// </summary>
internal static class Interruption
{
    private const int SigInt = 2, SigTerm = 15;
    private static readonly CancellationTokenSource Source = new();
    private static int _signal;
    private static PosixSignalRegistration? _sigterm;

    public static CancellationToken Token => Source.Token;

    /// <summary>The exit code of an interrupted run: 128 + the signal (130 for Ctrl+C, 143 for SIGTERM), as a shell reports it.</summary>
    public static int ExitCode => 128 + (_signal == 0 ? SigInt : _signal);

    /// <summary>Says where an interrupted run stands (on stderr, also with --json) and returns <see cref="ExitCode"/>.</summary>
    public static int Report(TrainResult result)
    {
        Console.Error.WriteLine($"interrupted at step {result.Step}: checkpoint saved in {result.Checkpoint}; continue with --resume");
        return ExitCode;
    }

    public static void Listen()
    {
        Console.CancelKeyPress += (_, e) => e.Cancel = Request(SigInt, "Ctrl+C");
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Request(SigTerm, "SIGTERM"));
    }

    // True (keep running) for the first signal; false lets the second one end the process.
    private static bool Request(int signal, string name)
    {
        if (Interlocked.CompareExchange(ref _signal, signal, 0) != 0) return false;
        Source.Cancel();
        Console.Error.WriteLine($"{name}: stopping after the current step; training saves a checkpoint first ({name} again to abort at once)");
        return true;
    }
}
