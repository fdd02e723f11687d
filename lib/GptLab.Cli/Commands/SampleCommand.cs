using System.ComponentModel;
using System.Text.Json;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Sampling;
using GptLab.Training;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab sample</c>: stream text from a checkpoint.</summary>
public sealed class SampleCommand : Command<SampleCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--name <NAME>")][Description("Run under runs/ to sample from (default shakespeare-char)")] public string Name { get; init; } = "shakespeare-char";
        [CommandOption("--checkpoint <DIR>")][Description("A checkpoint or run folder (overrides --name)")] public string? Checkpoint { get; init; }
        [CommandOption("--prompt <TEXT>")][Description("Text to continue (default: a newline)")] public string Prompt { get; init; } = "";
        [CommandOption("--max-new-tokens <N>")][Description("Tokens to generate per sample")] public int MaxNewTokens { get; init; } = 500;
        [CommandOption("--temperature <T>")][Description("0 = greedy")] public double Temperature { get; init; } = 0.8;
        [CommandOption("--top-k <K>")][Description("Sample among the K most likely tokens")] public int? TopK { get; init; }
        [CommandOption("--top-p <P>")][Description("Sample among the most likely tokens whose probabilities add up to P (nucleus)")] public double? TopP { get; init; }
        [CommandOption("--repetition-penalty <R>")][Description("Make tokens already in the text less likely (1 = off)")] public double RepetitionPenalty { get; init; } = 1.0;
        [CommandOption("--stop <TEXT>")][Description("Stop before this text (repeatable)")] public string[] Stop { get; init; } = [];
        [CommandOption("--seed <N>")][Description("Seed of the sampling")] public long Seed { get; init; } = 1337;
        [CommandOption("--num-samples <N>")][Description("Samples to print")] public int NumSamples { get; init; } = 1;
        [CommandOption("--no-kv-cache")][Description("Recompute the whole context for every token (slow; for comparison)")] public bool NoKvCache { get; init; }
        [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
        [CommandOption("--json")][Description("One JSON line per sample")] public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.NumSamples < 1) throw new GptLabException($"--num-samples {settings.NumSamples}: ask for at least 1 sample (the default is 1)");
        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var checkpoint = Training.Checkpoint.LoadLanguageModel(settings.Checkpoint ?? RunFolders.For(settings.Name), device);
        var sampler = new Sampler(checkpoint.Model, checkpoint.Tokenizer);
        sampler.EncodePrompt(settings.Prompt); // bad prompts fail before any output
        for (var i = 0; i < settings.NumSamples && !cancellationToken.IsCancellationRequested; i++)
        {
            var options = new SamplingOptions
            {
                MaxNewTokens = settings.MaxNewTokens, Temperature = settings.Temperature, TopK = settings.TopK, TopP = settings.TopP,
                RepetitionPenalty = settings.RepetitionPenalty, StopSequences = settings.Stop, Seed = settings.Seed + i,
                UseKvCache = !settings.NoKvCache,
            };
            if (settings.Json)
            {
                var text = sampler.Generate(settings.Prompt, options);
                Console.WriteLine(JsonSerializer.Serialize(new { prompt = settings.Prompt, text, seed = options.Seed }, Json.Line));
                continue;
            }
            Console.Write(settings.Prompt);
            foreach (var piece in sampler.Stream(settings.Prompt, options))
            {
                if (cancellationToken.IsCancellationRequested) break;
                Console.Write(piece);
            }
            Console.WriteLine();
            if (i + 1 < settings.NumSamples) Console.WriteLine("---------------");
        }
        return 0;
    }
}
