using System.Diagnostics;
using GptLab.Benchmarks;
using GptLab.IO;
using GptLab.Training;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab bench</c>'s concurrent phase: the trainer's speed alone, then while a second gptlab process trains the same
/// profile (a notebook kernel beside the CLI, two workshop exercises). The ratio is what each keeps of its speed.
/// </summary>
internal static class ConcurrentBench
{
    public static BenchmarkResult Measure(Benchmark bench, BenchmarkResult result, string profile, int steps, Action<string>? report)
    {
        var alone = bench.TrainerTokensPerS(steps);
        var name = $"bench-partner-{Environment.ProcessId}";
        var folder = RunFolders.For(name);
        double together;
        using (var partner = StartPartner(profile, name))
        {
            try
            {
                WaitUntilTraining(partner, Path.Combine(folder, RunFiles.Metrics));
                together = bench.TrainerTokensPerS(steps);
            }
            finally
            {
                if (!partner.HasExited) partner.Kill(entireProcessTree: true);
                partner.WaitForExit();
            }
        }
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        report?.Invoke($"beside a second training process: {together:N0} tok/s against {alone:N0} alone ({together / alone:F2}×)");
        return result with { ConcurrentTokensPerS = Math.Round(together, 1), ConcurrentRatio = Math.Round(together / alone, 3) };
    }

    // The same CLI (an apphost, or `dotnet GptLab.Cli.dll`) pretraining a throwaway run for as long as it is needed.
    private static Process StartPartner(string profile, string name)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var a in new[] { "pretrain", "--profile", profile, "--name", name, "--max-steps", "1000000", "--samples", "0", "--json" })
            start.ArgumentList.Add(a);
        var partner = Process.Start(start)!;
        partner.OutputDataReceived += (_, _) => { }; // drained, so a full pipe never blocks it
        partner.ErrorDataReceived += (_, _) => { };
        partner.BeginOutputReadLine();
        partner.BeginErrorReadLine();
        return partner;
    }

    private static void WaitUntilTraining(Process partner, string metrics)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (partner.HasExited)
                throw new GptLabException($"the second training process of the concurrent phase ended with exit code {partner.ExitCode}: run it alone to see why (gptlab pretrain), or skip the phase with --no-concurrent");
            if (File.Exists(metrics) && MetricsLog.Read(metrics).Any(m => m.Step >= 10)) return;
            Thread.Sleep(200);
        }
        throw new GptLabException("the second training process of the concurrent phase did not start training within 2 minutes: skip the phase with --no-concurrent");
    }
}
