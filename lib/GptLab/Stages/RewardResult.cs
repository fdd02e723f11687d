using GptLab.Data.Tasks;
using GptLab.Training;

namespace GptLab.Stages;

/// <summary>How a reward model's training ended, and its held-out test: one verdict per test pair.</summary>
/// <param name="Training">The training session; <see cref="TrainResult.Evaluations"/> holds every evaluation.</param>
/// <param name="TestPairs">The held-out pairs (new people and facts no training asked about).</param>
/// <param name="TestRight">Whether the model scored each test pair's chosen answer higher; empty when the run was interrupted.</param>
public sealed record RewardResult(TrainResult Training, IReadOnlyList<PreferencePair> TestPairs, IReadOnlyList<bool> TestRight);
