using GptLab.Stages;
using GptLab.Training;
using Spectre.Console;

namespace GptLab.Cli.Commands;

/// <summary>Live progress for a stage's training: a Spectre progress bar on a terminal, plain lines when output is redirected.</summary>
internal static class TrainingProgressView
{
    /// <summary>
    /// Runs <paramref name="train"/> (the stage's Train) while showing <paramref name="stage"/>'s steps; a signal meanwhile
    /// stops it after the current step, with a checkpoint (<see cref="Interruption.Stoppable"/>).
    /// </summary>
    public static TResult Run<TResult>(TrainingStage stage, Func<CancellationToken, TResult> train, bool quiet, CancellationToken cancellation) =>
        Interruption.Stoppable("training stops after the current step and saves a checkpoint", () => Show(stage, train, quiet, cancellation));

    private static TResult Show<TResult>(TrainingStage stage, Func<CancellationToken, TResult> train, bool quiet, CancellationToken cancellation)
    {
        if (quiet) return train(cancellation);
        if (stage.DtypeChoice is { } choice) AnsiConsole.MarkupLineInterpolated($"dtype auto → {choice.Dtype}: {choice.Reason}");
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            stage.StepCompleted += p =>
            {
                if (p.Metric.ValLoss is { } val)
                    Console.WriteLine($"step {p.Step,6}/{p.MaxSteps}  loss {p.Metric.Loss:F4}  train {p.Metric.TrainEvalLoss:F4}  val {val:F4}{Preference(p.Metric)}{Rewarded(p.Metric)}  lr {p.Metric.Lr:E2}  {p.Metric.TokensPerS:N0} tok/s  eta {p.Eta:mm\\:ss}");
            };
            return train(cancellation);
        }

        TResult result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: stage.MaxSteps);
                double? val = null;
                var loss = double.NaN;
                stage.StepCompleted += p =>
                {
                    val = p.Metric.ValLoss ?? val;
                    if (double.IsFinite(p.Metric.Loss)) loss = p.Metric.Loss; // on a GPU only log steps read it
                    task.Value = p.Step;
                    var valText = val is { } v ? $"val {v:F3}" : "";
                    var lossText = double.IsNaN(loss) ? "" : $"loss {loss:F3}";
                    task.Description = $"step {p.Step}/{p.MaxSteps}  {lossText}  {valText}{Rewarded(p.Metric)}  {p.Metric.TokensPerS:N0} tok/s  eta {p.Eta:mm\\:ss}";
                };
                result = train(cancellation);
            });
        return result;
    }

    // A preference objective's evaluation beside its loss: how many validation pairs it gets right, by what margin, how far from its reference.
    private static string Preference(MetricRecord m) =>
        m.ValMargin is not { } margin ? "" : $"  val accuracy {m.ValAccuracy:P1}  margin {margin:F3}{(m.ValKl is { } kl ? $"  KL {kl:F4}" : "")}";

    // A reinforcement learning objective's step: the mean reward of its sampled answers and the groups that taught nothing;
    // on evaluation steps the greedy validation accuracy and the KL to the reference too.
    private static string Rewarded(MetricRecord m) =>
        m.Reward is not { } reward ? "" : $"  reward {reward:P0}  flat groups {m.FlatGroups}{(m.ValAccuracy is { } a && m.ValMargin is null ? $"  val accuracy {a:P1}  KL {m.ValKl:F4}" : "")}";
}
