using System.ComponentModel;
using System.Text.Json;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab score</c>: how surprised a trained model is by each of some text files (mean loss per token, bits per
/// character), beside its own validation loss: the measure of distributional shift.
/// </summary>
public sealed class ScoreCommand : Command<ScoreCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")][Description("UTF-8 text files to score")] public string[] Files { get; init; } = [];
        [CommandOption("--name <NAME>")][Description("Run under runs/ whose model scores them (default shakespeare-char)")] public string Name { get; init; } = "shakespeare-char";
        [CommandOption("--checkpoint <DIR>")][Description("A checkpoint or run folder (overrides --name)")] public string? Checkpoint { get; init; }
        [CommandOption("--strict")][Description("Characters outside a character-level vocabulary are an error (default: left out and counted)")] public bool Strict { get; init; }
        [CommandOption("--max-tokens <N>")][Description("Score at most the first N tokens of each file (default 200,000)")] public int MaxTokens { get; init; } = 200_000;
        [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
        [CommandOption("--json")][Description("One JSON line")] public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.MaxTokens < 1) throw new GptLabException($"--max-tokens {settings.MaxTokens}: score at least 1 token (the default is 200,000)");
        var texts = settings.Files.Select(f => (Path: f, Text: Corpus.LoadFile(f, option: null))).ToList(); // bad files fail before the model loads
        var device = TorchRuntime.ResolveDevice(settings.Device);
        var folder = settings.Checkpoint ?? RunFolders.For(settings.Name);
        if (Checkpoint.Locate(folder) is null)
            throw new GptLabException($"no checkpoint in {folder}: train one first (gptlab pretrain --name {settings.Name}) or pass --checkpoint");
        using var checkpoint = Checkpoint.LoadLanguageModel(folder, device);
        var results = texts.Select(t => TextLoss.Score(checkpoint.Model, checkpoint.Tokenizer, t.Text, t.Path, settings.Strict, settings.MaxTokens)).ToList();
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                run = settings.Checkpoint ?? settings.Name, val_loss = checkpoint.Meta.ValLoss,
                files = results.Select(r => new { path = r.Path, tokens = r.Tokens, loss = r.Loss, bits_per_char = r.BitsPerChar, skipped = r.Skipped, capped = r.Capped }),
            }, Json.Line));
            return 0;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("file", "tokens", "loss (nats/token)", "bits/char", "skipped chars");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Path), $"{r.Tokens:N0}{(r.Capped ? " (start)" : "")}", $"{r.Loss:F3}", $"{r.BitsPerChar:F3}", $"{r.Skipped:N0}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"the model's own validation loss: {checkpoint.Meta.ValLoss:F3} nats/token; higher is text less like its training data");
        if (results.Any(r => r.Skipped > 0))
            AnsiConsole.MarkupLine("[yellow]skipped[/]: characters the model's vocabulary lacks were left out (--strict makes them an error)");
        return 0;
    }
}
