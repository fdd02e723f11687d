using System.Diagnostics;

namespace GptLab.Tests.DevContainer;

/// <summary>Runs a repository shell script with bash, as the dev containers and CI do.</summary>
internal static class BashScript
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <c>bash args…</c> in <paramref name="workingDirectory"/>; a null value removes that variable.</summary>
    public static Result Run(string workingDirectory, IEnumerable<string> args, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bash {string.Join(' ', start.ArgumentList)} did not finish in a minute");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
