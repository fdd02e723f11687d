using static TorchSharp.torch;

namespace GptLab.Experiments.Lab;

/// <summary>
/// What an experiment runs with: the profile (model sizes, text lengths), the seed, the device, the folder its models
/// are trained in (<c>runs/experiments/&lt;name&gt;/</c> for the CLI), and where progress goes.
/// </summary>
public sealed record ExperimentContext(string Profile, long Seed, Device Device, string Folder, Action<string>? Report = null)
{
    /// <summary>True for the CI profile: the smallest sizes that still show the effect's direction.</summary>
    public bool Tiny => IsTiny(Profile);

    /// <summary>Whether <paramref name="profile"/> is the CI profile (<see cref="Tiny"/>).</summary>
    public static bool IsTiny(string profile) => profile.Contains("tiny", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the one-GPU profile: larger models and data.</summary>
    public bool Gpu => Profile.Contains("gpu", StringComparison.OrdinalIgnoreCase);

    /// <summary>The context for experiment <paramref name="name"/> with its usual folder, runs/experiments/&lt;name&gt;.</summary>
    public static ExperimentContext For(string name, string profile, long seed, Device device, Action<string>? report = null) =>
        new(profile, seed, device, Path.Combine(IO.RunFolders.For("experiments"), name), report);

    /// <summary>
    /// How many times the profile's sizes an experiment that scales runs at (<see cref="IExperiment.Scales"/>: the
    /// knowledge lab's world of people and its training steps together); 1 is the profile itself.
    /// </summary>
    public int Scale { get; init; } = 1;

    /// <summary>The seed as the data generators take it (System.Random's int).</summary>
    public int DataSeed => (int)(Seed % int.MaxValue);

    /// <summary>Picks the value for this profile: tiny, cpu (the default) or gpu.</summary>
    public T Pick<T>(T tiny, T cpu, T gpu) => Tiny ? tiny : Gpu ? gpu : cpu;
}
