using static TorchSharp.torch;

namespace GptLab.Experiments.Limitations;

/// <summary>What an experiment runs with: the profile (model sizes, text lengths), the seed, the device, and where progress goes.</summary>
public sealed record ExperimentContext(string Profile, long Seed, Device Device, Action<string>? Report = null)
{
    /// <summary>True for the CI profile: the smallest sizes that still show the effect's direction.</summary>
    public bool Tiny => Profile.Contains("tiny", StringComparison.OrdinalIgnoreCase);
}
