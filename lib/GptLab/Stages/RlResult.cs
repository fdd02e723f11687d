using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Training;

namespace GptLab.Stages;

/// <summary>How a reinforcement learning run ended: its training (mean reward and flat groups every step; accuracy, loss and KL at every evaluation) and the held-out test before and after.</summary>
/// <param name="Training">The training session; <see cref="TrainResult.Evaluations"/> holds every evaluation.</param>
/// <param name="Test">The held-out questions.</param>
/// <param name="Samples">Answers sampled per question for pass@k.</param>
/// <param name="RightBefore">Per question, how many of the reference's (the SFT model's) sampled answers are right.</param>
/// <param name="RightAfter">The same for the tuned model; null when the run was interrupted or the test was not asked for.</param>
/// <param name="FlatGroupShare">Share of this session's training groups whose answers were all rewarded alike (they teach nothing).</param>
public sealed record RlResult(TrainResult Training, IReadOnlyList<ChatExample> Test, int Samples, int[] RightBefore, int[]? RightAfter, double FlatGroupShare)
{
    /// <summary>Mean pass@k over the questions, for k = 1 … <see cref="Samples"/>, before tuning.</summary>
    public double[] PassBefore => MeanCurve(RightBefore);

    /// <summary>The same after tuning; null without a test after.</summary>
    public double[]? PassAfter => RightAfter is { } after ? MeanCurve(after) : null;

    private double[] MeanCurve(int[] right)
    {
        var curves = PassAtK.Curves(right, Samples);
        return [.. Enumerable.Range(0, Samples).Select(k => curves.Average(c => c[k]))];
    }
}
