namespace GptLab.Configuration;

/// <summary>
/// The one way a run's settings are built, for every CLI verb and every notebook: the preset of (stage, profile), then a
/// <c>--config</c> file, then flags, validated once. It owns the profile default and <c>GPTLAB_PROFILE</c>.
/// </summary>
public static class ConfigResolver
{
    /// <summary>The environment variable that picks the profile when none is given (notebooks, twins, CLI).</summary>
    public const string ProfileVariable = "GPTLAB_PROFILE";

    /// <summary>The profile when neither a flag nor <see cref="ProfileVariable"/> names one: a 2-core laptop.</summary>
    public const string DefaultProfile = "cpu";

    /// <summary>The profile in effect: <paramref name="requested"/>, else <c>$GPTLAB_PROFILE</c>, else "cpu".</summary>
    public static string ProfileName(string? requested = null)
    {
        if (!string.IsNullOrWhiteSpace(requested)) return requested;
        var fromEnvironment = Environment.GetEnvironmentVariable(ProfileVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultProfile : fromEnvironment;
    }

    /// <summary>
    /// The settings of a <paramref name="stage"/> run: <see cref="Presets.For"/>(stage, profile), then the JSON file
    /// <paramref name="configFile"/> (any subset of the keys), then <paramref name="flags"/>; validated.
    /// </summary>
    public static RunConfig Resolve(string stage, string? profile = null, string? configFile = null, Func<RunConfig, RunConfig>? flags = null)
    {
        var config = Presets.For(stage, ProfileName(profile));
        if (configFile is not null) config = ConfigFile.Apply(config, configFile, Verb(stage));
        if (flags is not null) config = flags(config);
        if (config.Stage != stage)
            throw new GptLabException($"the config says stage '{config.Stage}', but `gptlab {Verb(stage)}` runs stage '{stage}': remove \"stage\" from the --config file");
        return config.Validate();
    }

    /// <summary>The CLI verb that runs <paramref name="stage"/>, for messages.</summary>
    public static string Verb(string stage) => stage switch
    {
        Stage.Base => "pretrain",
        Stage.Classifier => "classify",
        _ => stage,
    };
}
