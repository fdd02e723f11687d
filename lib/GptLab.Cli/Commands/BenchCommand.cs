using System.ComponentModel;
using System.Text.Json;
using GptLab.Benchmarks;
using GptLab.Configuration;
using GptLab.IO;
using GptLab.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab bench</c>: speed and memory of training and sampling (docs/benchmarks.md records the numbers).</summary>
public sealed class BenchCommand : Command<BenchCommand.Settings>
{
    public sealed class Settings : RunSettings
    {
        [CommandOption("--steps <N>")][Description("Training steps per timed round (default 60)")] public int Steps { get; init; } = 60;
        [CommandOption("--rounds <N>")][Description("Alternating trainer/reference rounds (default 3)")] public int Rounds { get; init; } = 3;
        [CommandOption("--leak-steps <N>")][Description("Steps watched for live-tensor and RSS growth (default 500)")] public int LeakSteps { get; init; } = 500;
        [CommandOption("--sample-tokens <N>")][Description("New tokens per sampling run (default 256)")] public int SampleTokens { get; init; } = 256;
        [CommandOption("--sample-context <N>")][Description("Context (block size) of the sampling model (default 256)")] public int SampleContext { get; init; } = 256;
        [CommandOption("--no-concurrent")][Description("Skip the concurrent phase (trainer speed beside a second training process: concurrent_ratio)")] public bool NoConcurrent { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Steps < 5 || settings.Rounds < 1 || settings.LeakSteps < 5 || settings.SampleTokens < 1 || settings.SampleContext < 2)
            throw new GptLabException("bench needs --steps ≥ 5, --rounds ≥ 1, --leak-steps ≥ 5, --sample-tokens ≥ 1 and --sample-context ≥ 2");
        var config = ConfigResolver.Resolve(settings.Request);
        var device = TorchRuntime.ResolveDevice(settings.Device);
        var run = RunFolder.Named(settings.RunName ?? "bench");
        using var runLock = run.Lock("gptlab bench");
        var bench = new Benchmark(config, device, run.Path);
        Action<string>? report = settings.Json ? null : line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]");
        var result = bench.Run(settings.ProfileName, settings.Steps, settings.Rounds, settings.LeakSteps, settings.SampleTokens, settings.SampleContext, report);
        if (!settings.NoConcurrent) result = ConcurrentBench.Measure(bench, result, settings.ProfileName, 2 * settings.Steps, report);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, Json.Line));
            return 0;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("measure", "value");
        foreach (var property in typeof(BenchmarkResult).GetProperties())
            table.AddRow(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name), Markup.Escape($"{property.GetValue(result)}"));
        AnsiConsole.Write(table);
        return 0;
    }
}
