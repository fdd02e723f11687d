using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.Experiments.Catalog;
using GptLab.Experiments.Lab;
using GptLab.Experiments.Limitations;
using GptLab.IO;
using GptLab.Plots;
using GptLab.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab experiment &lt;name&gt;</c>: one experiment of the lab (limitations, knowledge); its result goes to
/// <c>runs/experiments/&lt;name&gt;/result.json</c> with its charts as HTML beside it.
/// </summary>
public sealed class ExperimentCommand : Command<ExperimentCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[NAME]")][Description("The experiment (gptlab experiment --list)")] public string? Name { get; init; }
        [CommandOption("--list")][Description("List the experiments, one line each")] public bool List { get; init; }
        [CommandOption("--profile <NAME>")][Description("tiny (CI, seconds), cpu (default, or $GPTLAB_PROFILE) or gpu")] public string? Profile { get; init; }
        [CommandOption("--seed <N>")][Description("Seed of the experiment's data, training and bootstrap; default 1337")] public long Seed { get; init; } = 1337;
        [CommandOption("--seeds <N>")][Description("Run with N seeds (--seed, --seed + 1, ...): every measure becomes the mean over them with a 95% interval across seeds; default 1")] public int Seeds { get; init; } = 1;
        [CommandOption("--scale <N>")][Description("knowledge, cutoff: N times the profile's people and training steps (the scale search); results in runs/experiments/<name>-x<N>/")] public int Scale { get; init; } = 1;
        [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
        [CommandOption("--json")][Description("One JSON line at the end")] public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.List || settings.Name is null)
        {
            foreach (var e in ExperimentCatalog.All) Console.WriteLine($"{e.Name,-24} {e.Summary}");
            return settings.List ? 0 : throw new GptLabException($"name an experiment: gptlab experiment <name>, one of {string.Join(", ", ExperimentCatalog.All.Select(e => e.Name))}");
        }
        var experiment = ExperimentCatalog.Get(settings.Name);
        if (settings.Scale is < 1 or > 64)
            throw new GptLabException($"--scale {settings.Scale}: give a whole number from 1 (the profile's sizes) to 64");
        if (settings.Scale != 1 && !experiment.Scales)
            throw new GptLabException($"--scale applies to {string.Join(" and ", ExperimentCatalog.All.Where(e => e.Scales).Select(e => e.Name))}, not {experiment.Name}: drop it, or choose a larger --profile");
        if (settings.Seeds is < 1 or > 100)
            throw new GptLabException($"--seeds {settings.Seeds}: give a whole number from 1 to 100 (3 or more for a claim that compares models)");
        var profile = ConfigResolver.ProfileName(settings.Profile);
        _ = Presets.For(Stage.Base, profile); // an unknown profile fails before anything runs
        var device = TorchRuntime.ResolveDevice(settings.Device);
        var folder = RunFolders.For("experiments");
        var output = Path.Combine(folder, settings.Scale == 1 ? experiment.Name : $"{experiment.Name}-x{settings.Scale}");
        using var runLock = RunLock.Acquire(output, $"gptlab experiment {experiment.Name}");
        Action<string>? report = settings.Json ? null : line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]");
        var seeds = Enumerable.Range(0, settings.Seeds).Select(i => settings.Seed + i).ToList();
        // Read before the runs: the code that ran is the checkout as it was when they started, not after an edit made meanwhile.
        _ = SourceVersion.Commit;
        var command = string.Join(" ", Environment.GetCommandLineArgs().Skip(1).Prepend("gptlab"));
        using var presets = PresetReads.Record();
        var runs = seeds.Select((seed, i) =>
        {
            if (seeds.Count > 1) report?.Invoke($"seed {seed} ({i + 1} of {seeds.Count})");
            var folder = seeds.Count == 1 ? output : Path.Combine(output, $"seed-{seed}");
            return experiment.Run(new ExperimentContext(profile, seed, device, folder, report) { Scale = settings.Scale });
        }).ToList();
        var result = AcrossSeeds.Combine(runs) with { Provenance = Provenance.Of(experiment.Name, profile, settings.Scale, seeds, command, presets.Hashes) };

        AtomicFile.WriteAllText(Path.Combine(output, "result.json"), JsonSerializer.Serialize(result, Json.Options));
        ChartOutput.OutputFolder = output;
        var charts = result.Charts.Select(c => ChartOutput.WriteHtml(c.Chart, c.Name)).ToList();
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, Json.Line));
            return 0;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("measure", "value", "95% interval", "unit");
        if (seeds.Count > 1) table.AddColumn("per seed");
        foreach (var m in result.Measures.Prepend(result.Baseline))
        {
            string[] cells = [Markup.Escape(m.Name), $"{m.Value:F3}", $"{m.Low:F3} to {m.High:F3}", Markup.Escape(m.Unit)];
            table.AddRow(seeds.Count > 1 ? [.. cells, string.Join(" ", (m.PerSeed ?? []).Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))] : cells);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"effect: {result.Effect}");
        AnsiConsole.MarkupLineInterpolated($"held out: {result.HeldOut}");
        AnsiConsole.MarkupLineInterpolated($"{result.ElapsedS:F0} s; result and charts in {output} ({string.Join(", ", charts.Select(Path.GetFileName))})");
        return 0;
    }
}
