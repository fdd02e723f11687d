using GptLab.Evaluation;
using GptLab.Training;

namespace GptLab.Stages;

/// <summary>How a supervised fine-tuning ended: its training (every validation loss) and its held-out test.</summary>
/// <param name="Training">The training session; <see cref="TrainResult.Evaluations"/> holds every validation loss.</param>
/// <param name="Test">Format adherence and exact match per family on the held-out test prompts; null when the run was
/// interrupted or the test was not asked for.</param>
public sealed record SftResult(TrainResult Training, ChatReport? Test);
