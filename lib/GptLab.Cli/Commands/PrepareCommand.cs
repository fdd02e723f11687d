using System.Text.Json;
using GptLab.Data;
using GptLab.IO;
using GptLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab prepare</c>: tokenizer + train.bin/val.bin into runs/&lt;name&gt;/data (pretrain does this itself when needed).</summary>
public sealed class PrepareCommand : Command<RunSettings>
{
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var config = settings.Resolve();
        var runFolder = RunFolders.For(settings.Name);
        using var runLock = RunLock.Acquire(runFolder, "gptlab prepare");
        var folder = Path.Combine(runFolder, "data");
        var data = MidTraining.Prepare(config.Data, folder);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { folder, data.Meta.VocabSize, data.Meta.TrainTokens, data.Meta.ValTokens, data.Meta.Tokenizer }, Json.Line));
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"[green]prepared[/] {folder}");
        AnsiConsole.MarkupLineInterpolated($"  tokenizer {data.Meta.Tokenizer}, vocab {data.Meta.VocabSize:N0}, train {data.Meta.TrainTokens:N0} tokens, val {data.Meta.ValTokens:N0} tokens ({data.Meta.Dtype})");
        return 0;
    }
}
