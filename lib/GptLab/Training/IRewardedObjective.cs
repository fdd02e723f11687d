namespace GptLab.Training;

/// <summary>An objective that samples its own training data and rewards it (reinforcement learning): what its last update saw.</summary>
public interface IRewardedObjective
{
    /// <summary>The last update's mean reward over its sampled answers, and its groups whose answers were all rewarded alike (no signal: every advantage 0).</summary>
    (double MeanReward, int FlatGroups) LastStep { get; }
}
