using System.Text.Json;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab prepare</c>: pretraining's data step alone, tokenizer + train.bin/val.bin into runs/&lt;name&gt;/data.</summary>
public sealed class PrepareCommand : Command<RunSettings>
{
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var config = ConfigResolver.Resolve(settings.Request);
        var run = RunFolder.Named(settings.Name);
        DatasetMeta meta;
        using (run.Lock("gptlab prepare"))
        {
            // A run that trained holds the data its checkpoint resumes on: preparing again could shift the ids under its weights.
            if (Training.Checkpoint.Locate(run.Path) is { } checkpoint)
                throw new GptLabException($"run '{run.Name}' has a checkpoint ({checkpoint}) trained on the data in {run.Data}, which is kept as it is: prepare into another --name");
            meta = PretrainingStage.PrepareData(config.Data, run).Meta;
        }
        var folder = run.Data;
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { folder, meta.VocabSize, meta.TrainTokens, meta.ValTokens, meta.Tokenizer }, Json.Line));
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"[green]prepared[/] {folder}");
        AnsiConsole.MarkupLineInterpolated($"  tokenizer {meta.Tokenizer}, vocab {meta.VocabSize:N0}, train {meta.TrainTokens:N0} tokens, val {meta.ValTokens:N0} tokens ({meta.Dtype})");
        return 0;
    }
}
