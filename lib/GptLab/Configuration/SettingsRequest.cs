namespace GptLab.Configuration;

/// <summary>
/// What a run of a stage asks for, before it is resolved: a profile (or settings made in code), a <c>--config</c> file
/// and flags. <see cref="ConfigResolver"/> turns it into a <see cref="RunConfig"/> once, for a new run or a resumed one.
/// </summary>
public sealed record SettingsRequest
{
    /// <summary>One of <see cref="Configuration.Stage"/>.</summary>
    public required string Stage { get; init; }

    /// <summary>The profile (tiny, cpu, gpu, chat-*); null: <c>$GPTLAB_PROFILE</c>, else cpu.</summary>
    public string? Profile { get; init; }

    /// <summary>A JSON file with any subset of the settings, layered on the preset.</summary>
    public string? ConfigFile { get; init; }

    public SettingOverrides Flags { get; init; } = new();

    /// <summary>Settings made in code (a notebook's, an experiment's) in place of the profile's preset.</summary>
    public RunConfig? Preset { get; init; }

    /// <summary>The profile in effect.</summary>
    public string ProfileName => ConfigResolver.ProfileName(Profile);

    /// <summary>A request for exactly <paramref name="config"/>: its stage, no file, no flags.</summary>
    public static SettingsRequest For(RunConfig config) => new() { Stage = config.Stage, Preset = config };
}
