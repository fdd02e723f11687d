using GptLab.Training;
using Spectre.Console;

namespace GptLab.Cli.Commands;

/// <summary>Live progress for a trainer: a Spectre progress bar on a terminal, plain lines when output is redirected.</summary>
internal static class TrainingProgressView
{
    public static TrainResult Run(Trainer trainer, long maxSteps, bool quiet, CancellationToken cancellation)
    {
        if (quiet) return trainer.Train(cancellation);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            trainer.StepCompleted += p =>
            {
                if (p.Metric.ValLoss is { } val)
                    Console.WriteLine($"step {p.Step,6}/{p.MaxSteps}  loss {p.Metric.Loss:F4}  train {p.Metric.TrainEvalLoss:F4}  val {val:F4}  lr {p.Metric.Lr:E2}  {p.Metric.TokensPerS:N0} tok/s  eta {p.Eta:mm\\:ss}");
            };
            return trainer.Train(cancellation);
        }

        TrainResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: maxSteps);
                double? val = null;
                var loss = double.NaN;
                trainer.StepCompleted += p =>
                {
                    val = p.Metric.ValLoss ?? val;
                    if (double.IsFinite(p.Metric.Loss)) loss = p.Metric.Loss; // on a GPU only log steps read it
                    task.Value = p.Step;
                    var valText = val is { } v ? $"val {v:F3}" : "";
                    var lossText = double.IsNaN(loss) ? "" : $"loss {loss:F3}";
                    task.Description = $"step {p.Step}/{p.MaxSteps}  {lossText}  {valText}  {p.Metric.TokensPerS:N0} tok/s  eta {p.Eta:mm\\:ss}";
                };
                result = trainer.Train(cancellation);
            });
        return result!;
    }
}
