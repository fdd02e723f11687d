using System.ComponentModel;
using GptLab.Interop;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab export --name &lt;run&gt; --format hf|nanogpt --to &lt;folder&gt;</c>: a run's checkpoint for PyTorch (Hugging
/// Face's GPT-2 layout or nanoGPT's), its tokenizer beside it; docs/scale-out.md continues from there.
/// </summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--name <NAME>")][Description("Run under runs/ to export")] public string? Name { get; init; }
        [CommandOption("--checkpoint <DIR>")][Description("A checkpoint or run folder (overrides --name)")] public string? Checkpoint { get; init; }
        [CommandOption("--format <FORMAT>")][Description("hf (Hugging Face GPT-2: config.json + model.safetensors) or nanogpt (model_args.json + model.safetensors)")] public string Format { get; init; } = CheckpointExport.HuggingFace;
        [CommandOption("--to <FOLDER>")][Description("A new (or empty) folder to write")] public string? To { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!CheckpointExport.Formats.Contains(settings.Format))
            throw new GptLabException($"unknown export format '{settings.Format}': use --format {string.Join(" or ", CheckpointExport.Formats)}");
        var to = settings.To ?? throw new GptLabException("name the folder to write: --to <folder> (a new or empty folder)");
        var folder = settings.Checkpoint ?? RunFolders.For(settings.Name ?? throw new GptLabException("name the run to export: --name <run> (or --checkpoint <folder>)"));
        if (Checkpoint.Locate(folder) is null)
            throw new GptLabException($"no checkpoint in {folder}: train or import one first, or pass --checkpoint");
        using var checkpoint = Checkpoint.Load(folder, TorchRuntime.ResolveDevice("cpu"));
        var files = CheckpointExport.Write(checkpoint, settings.Format, to);
        AnsiConsole.MarkupLineInterpolated($"exported {folder} as {settings.Format} to {Path.GetFullPath(to)}: {string.Join(", ", files.Select(Path.GetFileName))}");
        AnsiConsole.MarkupLineInterpolated($"load it in PyTorch as docs/scale-out.md shows; gptlab import {(settings.Format == CheckpointExport.HuggingFace ? "gpt2" : "nanogpt")} --from {to} brings it back");
        return 0;
    }
}
