using System.ComponentModel;
using System.Text.Json;
using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Stages;
using GptLab.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab eval</c>: a chat model on its held-out test prompts (or, with <c>--split validation</c>, the validation ones recipes are compared on) (format adherence, exact match per family), beside its
/// answers of the runs it was made from to the same prompts (its base; for a preference-tuned model, its SFT run too),
/// and forgetting: the pretraining validation loss of each of them.
/// </summary>
public sealed class EvalCommand : Command<EvalCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--name <NAME>")][Description("Run under runs/ to evaluate (default chat)")] public string Name { get; init; } = "chat";
        [CommandOption("--checkpoint <DIR>")][Description("A checkpoint or run folder (overrides --name)")] public string? Checkpoint { get; init; }
        [CommandOption("--profile <NAME>")][Description("For a base model: whose sft test set to use (tiny, cpu, gpu). Default: cpu, or $GPTLAB_PROFILE")] public string? Profile { get; init; }
        [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
        [CommandOption("--split <SPLIT>")][Description("test (default: report once) or validation (compare recipes on it)")] public string Split { get; init; } = "test";
        [CommandOption("--json")][Description("One JSON line")] public bool Json { get; init; }

        public override ValidationResult Validate() => Split is "test" or "validation"
            ? ValidationResult.Success()
            : ValidationResult.Error($"--split {Split} is not a split: use test, or validation to compare recipes without reading the test set");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var model = Training.Checkpoint.LoadLanguageModel(settings.Checkpoint ?? RunFolders.For(settings.Name), device);
        var template = SupervisedStage.TemplateFor(model.Tokenizer, model.Meta.Config);
        var sft = model.Meta.Config.Sft
            ?? ConfigResolver.Resolve(Stage.Sft, settings.Profile).Sft!;
        if (model.Meta.Config.Data.Instructions is { } mix) MidTraining.CheckHeldOut(mix, sft); // a mid-trained base read the rest
        var data = SupervisedStage.InstructionData(sft);
        var test = settings.Split == "validation" ? data.Validation : data.Test;
        var report = ChatEvaluation.Run(model.Model, template, test, training: data.Train);

        // The runs it was made from, nearest first (a preference-tuned model's SFT run, then the base): their answers to
        // the same prompts, and the pretraining text of the last one for forgetting.
        using var ancestors = new Ancestors(model, device);
        var earlier = ancestors.Runs.Select(a =>
        {
            var extended = ChatVocabulary.Extend(a.Model, a.Tokenizer); // a GPT-2 base, with the chat tokens its fine-tuning added
            using var extendedModel = extended?.Model;
            return (Label: a.Meta.Config.Stage, Report: ChatEvaluation.Run(extendedModel ?? a.Model, template, test));
        }).Reverse().ToArray(); // the base first
        var pretrained = ancestors.Runs.LastOrDefault();
        // An imported base has no pretraining text here to measure forgetting on.
        var forgetting = pretrained is not null && SupervisedStage.HasTrainingText(pretrained.Meta)
            ? ancestors.Runs.Reverse().Append(model).ToDictionary(m => $"{m.Meta.Config.Stage}_val_loss", m => SupervisedStage.PretrainingValLoss(m.Model, pretrained, device))
            : null;

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                checkpoint = model.Folder, split = settings.Split, stage = model.Meta.Config.Stage, parent = model.Meta.Config.Parent,
                format_adherence = report.FormatAdherence, exact_match = report.ExactMatch, families = report.Families,
                // Each earlier run's scores under its stage's name ("base", "sft"); a ChatReport serializes as its scores.
                earlier = earlier.ToDictionary(e => e.Label, e => e.Report),
                forgetting,
            }, Json.Line));
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]eval[/] {model.Folder} (stage {model.Meta.Config.Stage}): {test.Count} held-out {settings.Split} prompts, greedy answers");
        ChatReportView.Write(report, earlier);
        if (forgetting is not null)
            AnsiConsole.MarkupLineInterpolated($"forgetting: pretraining val loss {string.Join(" → ", forgetting.Select(f => $"{f.Value:F4} ({f.Key[..^"_val_loss".Length]})"))}");
        return 0;
    }
}
