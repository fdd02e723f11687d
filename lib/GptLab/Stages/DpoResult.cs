using GptLab.Evaluation;
using GptLab.Training;

namespace GptLab.Stages;

/// <summary>How a preference tuning ended: its training (loss, preference accuracy, margin and KL at every evaluation), the validation questions' greedy answers and the held-out test, before and after.</summary>
/// <param name="Training">The training session; <see cref="TrainResult.Evaluations"/> holds every evaluation.</param>
/// <param name="Before">The reference (the SFT model) on the held-out questions.</param>
/// <param name="After">The tuned model on the same questions; null when the run was interrupted or the test was not asked for.</param>
/// <param name="ValidationBefore">The reference's greedy answers to the validation questions: with <paramref name="ValidationAfter"/>, the score to choose a recipe on.</param>
/// <param name="ValidationAfter">The tuned model's; null when the run was interrupted.</param>
public sealed record DpoResult(TrainResult Training, ChatReport Before, ChatReport? After, ChatReport ValidationBefore, ChatReport? ValidationAfter)
{
    /// <summary>Share of the validation questions the reference answers right, every family counted ("I don't know." about new people too).</summary>
    public double ValidationRightBefore => Right(ValidationBefore);

    /// <summary>The same for the tuned model; null when the run was interrupted.</summary>
    public double? ValidationRightAfter => ValidationAfter is { } after ? Right(after) : null;

    private static double Right(ChatReport report) => report.Answers.Count == 0 ? 0 : report.Answers.Average(a => a.Correct == true ? 1.0 : 0.0);
}
