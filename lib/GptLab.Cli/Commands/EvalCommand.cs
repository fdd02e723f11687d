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
/// base model's answers to the same prompts, and forgetting: the pretraining validation loss before and after SFT.
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

        ChatReport? before = null;
        double? baseLoss = null, sftLoss = null;
        if (model.Meta.Config.Parent is { } parentFolder && Training.Checkpoint.Locate(parentFolder) is not null)
        {
            using var parent = Training.Checkpoint.LoadLanguageModel(parentFolder, device);
            var extended = ChatVocabulary.Extend(parent.Model, parent.Tokenizer); // a GPT-2 base, with the chat tokens its fine-tuning added
            using var extendedParent = extended?.Model;
            before = ChatEvaluation.Run(extendedParent ?? parent.Model, template, test);
            if (SupervisedStage.HasTrainingText(parent.Meta)) // an imported base has no pretraining text here to measure forgetting on
            {
                baseLoss = SupervisedStage.PretrainingValLoss(parent.Model, parent, device);
                sftLoss = SupervisedStage.PretrainingValLoss(model.Model, parent, device);
            }
        }

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                checkpoint = model.Folder, split = settings.Split, stage = model.Meta.Config.Stage, parent = model.Meta.Config.Parent,
                format_adherence = report.FormatAdherence, exact_match = report.ExactMatch, families = report.Families,
                @base = before, // a ChatReport serializes as its scores (families, format_adherence, exact_match)
                forgetting = baseLoss is null ? null : new { base_val_loss = baseLoss, sft_val_loss = sftLoss },
            }, Json.Line));
            return 0;
        }
        AnsiConsole.MarkupLineInterpolated($"[bold]eval[/] {model.Folder} (stage {model.Meta.Config.Stage}): {test.Count} held-out {settings.Split} prompts, greedy answers");
        ChatReportView.Write(report, before);
        if (baseLoss is { } b && sftLoss is { } s)
            AnsiConsole.MarkupLineInterpolated($"forgetting: pretraining val loss {b:F4} (base) → {s:F4} (after sft), {s - b:+0.0000;-0.0000}");
        return 0;
    }
}
