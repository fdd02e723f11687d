using System.Diagnostics;

namespace GptLab.Tests.Notebooks;

/// <summary>Runs a <c>dotnet</c> command (dotnet-repl, a file-based app, a build), or another program, as a child process.</summary>
internal static class DotnetProcess
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed)
    {
        /// <summary>The end of stdout+stderr, for failure messages.</summary>
        public string Tail => Output.Length <= 4000 ? Output : "…" + Output[^4000..];
    }

    public static Result Run(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, string program = "dotnet")
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        // dotnet test exports MSBuild variables for its own build; a nested build must find its SDK by itself.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment.Remove("GPTLAB_PROFILE");
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_EnableDiagnostics"] = "0"; // no debugger pipes in the temp folder, which a killed process would leave behind
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in {limit.TotalMinutes:F0} min:\n{output}");
        }
        process.WaitForExit(); // drains the output events
        lock (output) return new Result(process.ExitCode, output.ToString(), clock.Elapsed);
    }
}
