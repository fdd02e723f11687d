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

    /// <summary>
    /// The settings of a resumed run: its saved config with the <c>--config</c> file and <paramref name="flags"/> applied.
    /// Keys in <paramref name="changeable"/> (e.g. "train.max_steps") may change, and each change is listed in
    /// <paramref name="changes"/>; any other key that differs from the checkpoint (the shape, the data, the precision,
    /// the batch) is a one-line error naming it. An explicit <paramref name="profile"/> must agree with the checkpoint's
    /// model, data and precision.
    /// </summary>
    public static RunConfig Resume(RunConfig saved, string? profile, string? configFile, Func<RunConfig, RunConfig>? flags,
        IReadOnlySet<string> changeable, out IReadOnlyList<string> changes)
    {
        var verb = Verb(saved.Stage);
        if (profile is not null)
        {
            var preset = Presets.For(saved.Stage, profile);
            // What the profile would have made: its precision, and its shape and data unless the stage inherits them.
            var shape = Stage.InheritsModel(saved.Stage)
                ? saved with { Dtype = preset.Dtype }
                : saved with { Model = preset.Model with { VocabSize = saved.Model.VocabSize }, Data = preset.Data, Dtype = preset.Dtype };
            if (ConfigDiff.Between(saved, shape).FirstOrDefault() is { Key: not null } differs)
                throw new GptLabException($"--profile {profile} on --resume: its {differs.Key}={differs.Now} differs from the checkpoint's {differs.Saved}; a resumed run keeps its settings: drop --profile, or start a new run with another --name");
        }
        var config = saved;
        if (configFile is not null) config = ConfigFile.Apply(config, configFile, verb);
        if (flags is not null) config = flags(config);
        var diff = ConfigDiff.Between(saved, config).ToList();
        if (diff.FirstOrDefault(d => !changeable.Contains(d.Key)) is { Key: not null } refused)
            throw new GptLabException($"--resume keeps the run's settings, but {refused.Key}={refused.Now} differs from the checkpoint's {refused.Saved}: drop that setting{(changeable.Count > 0 ? " (a resumed run may change only its length, learning rate, intervals and threads)" : "")}, or start a new run with another --name");
        changes = [.. diff.Select(d => $"{d.Key} {d.Saved} → {d.Now}")];
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
