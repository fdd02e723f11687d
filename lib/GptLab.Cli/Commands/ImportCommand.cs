using System.ComponentModel;
using GptLab.Interop;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab import gpt2|nanogpt --from &lt;folder&gt; --name &lt;run&gt;</c>: a model trained elsewhere becomes a run, so
/// that sample, score, classify and the notebooks use it like one GptLab trained.
/// </summary>
public sealed class ImportCommand : Command<ImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<LAYOUT>")][Description("gpt2 (a Hugging Face GPT-2 folder: config.json + model.safetensors) or nanogpt (model_args.json + model.safetensors)")] public string Layout { get; init; } = "";
        [CommandOption("--from <FOLDER>")][Description("The folder that holds the model's files")] public string? From { get; init; }
        [CommandOption("--download <ID>")][Description("gpt2 only: fetch config.json and model.safetensors of this hub model (gpt2, gpt2-medium, distilgpt2, …) into ~/.cache/gptlab/hub/<ID> ($GPTLAB_HUB_CACHE) first; resumes a broken download")] public string? Download { get; init; }
        [CommandOption("--name <NAME>")][Description("The run to create under runs/")] public string? Name { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Layout is not ("gpt2" or "nanogpt"))
            throw new GptLabException($"unknown layout '{settings.Layout}': use gptlab import gpt2 (a Hugging Face GPT-2 folder) or gptlab import nanogpt");
        if (settings.Download is not null && (settings.From is not null || settings.Layout != "gpt2"))
            throw new GptLabException("--download fetches a Hugging Face GPT-2: use it with gptlab import gpt2 and without --from");
        var name = settings.Name ?? throw new GptLabException("name the run to create: --name <run>");
        var runFolder = RunFolders.For(name);
        PretrainedImport.RefuseExisting(runFolder); // before a download, not after it
        var from = settings.Download is { } id ? Fetch(id)
            : settings.From ?? throw new GptLabException("name the folder to import: --from <folder> (it holds config.json and model.safetensors), or --download gpt2");
        TorchRuntime.EnsureLoaded();
        var checkpoint = settings.Layout == "gpt2" ? PretrainedImport.Gpt2(from, runFolder) : PretrainedImport.NanoGpt(from, runFolder);
        var meta = CheckpointMeta.Read(Path.Combine(checkpoint, RunFiles.Config));
        var m = meta.Config.Model;
        AnsiConsole.MarkupLineInterpolated($"imported {from} as run [bold]{name}[/]: {m.NLayer} layers × {m.NEmbd}, {m.NHead} heads, context {m.BlockSize}, vocabulary {m.VocabSize:N0} ({meta.Tokenizer} tokenizer)");
        AnsiConsole.MarkupLineInterpolated($"{checkpoint}; try gptlab sample --name {name}");
        return 0;
    }

    // Downloads with a progress bar per file; the files land in the hub cache, which the import then reads.
    private static string Fetch(string id)
    {
        string folder = "";
        AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn()).Start(progress =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            folder = HubDownload.Fetch(id, (file, done, total) =>
            {
                if (!tasks.TryGetValue(file, out var task)) tasks[file] = task = progress.AddTask(file, maxValue: total ?? double.MaxValue);
                task.Value = done;
            });
        });
        AnsiConsole.MarkupLineInterpolated($"{id}: {folder}");
        return folder;
    }
}
