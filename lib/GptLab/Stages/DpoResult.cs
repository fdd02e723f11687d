using GptLab.Evaluation;
using GptLab.Training;

namespace GptLab.Stages;

/// <summary>How a preference tuning ended: its training (loss, preference accuracy, margin and KL at every evaluation) and the held-out test before and after.</summary>
/// <param name="Training">The training session; <see cref="TrainResult.Evaluations"/> holds every evaluation.</param>
/// <param name="Before">The reference (the SFT model) on the held-out honesty questions.</param>
/// <param name="After">The tuned model on the same questions; null when the run was interrupted or the test was not asked for.</param>
public sealed record DpoResult(TrainResult Training, ChatReport Before, ChatReport? After);
