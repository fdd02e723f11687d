using System.Diagnostics;

namespace GptLab.Tests.Cli;

/// <summary>Runs the real gptlab CLI (built beside the tests) as a child process.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string LastLine => Stdout.TrimEnd().Split('\n')[^1];
    }

    /// <summary>A CLI process the test drives itself; disposing kills it (and its children) if it still runs, then waits for it.</summary>
    public sealed class Running(Process process) : IDisposable
    {
        public Process Process { get; } = process;

        public void Dispose()
        {
            try
            {
                if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited between the check and the kill
            }
            Process.WaitForExit();
            Process.Dispose();
        }
    }

    /// <summary>Starts the CLI for a test that signals or watches it; dispose the result in the test's cleanup (a using).</summary>
    public static Running Start(string runs, params string[] args) => new(StartProcess(runs, null, args));

    private static Process StartProcess(string runs, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GptLab.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GPTLAB_RUNS"] = runs;
        start.Environment.Remove("GPTLAB_PROFILE");
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_EnableDiagnostics"] = "0"; // no debugger pipes in the temp folder, which a killed process would leave behind
        start.Environment["GPTLAB_DEBUG"] = "1"; // an unexpected exception (a bug) fails its test with the whole stack trace, not the one line a user sees
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    public static Result Run(string runs, params string[] args) => RunWithInput(runs, null, args);

    /// <summary>Runs the CLI with these environment variables added (e.g. a local hub's HF_ENDPOINT).</summary>
    public static Result RunWith(string runs, IReadOnlyDictionary<string, string> environment, params string[] args) => Finish(new(StartProcess(runs, environment, args)), null, args);

    /// <summary>Runs the CLI with <paramref name="input"/> as its standard input (closed after it: end of input).</summary>
    public static Result RunWithInput(string runs, string? input, params string[] args) => Finish(Start(runs, args), input, args);

    private static Result Finish(Running started, string? input, string[] args)
    {
        using var running = started;
        var process = running.Process;
        if (input is not null) process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gptlab {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Asserts the CLI's contract for bad input: non-zero exit, one line on stderr naming the problem, no stack trace.</summary>
    public static void AssertOneLineError(Result result, string expected)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{result.Stderr}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }
}
