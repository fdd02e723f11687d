namespace GptLab.Configuration;

/// <summary>
/// The one way a run's settings are built, for every stage, CLI verb and notebook: the preset of (stage, profile), then a
/// <c>--config</c> file, then flags (<see cref="SettingOverrides"/>), then the resume rules, validated once. It owns the profile default and <c>GPTLAB_PROFILE</c>.
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

    /// <summary>The settings of a <paramref name="stage"/> run of <paramref name="profile"/> with a <paramref name="configFile"/>; validated.</summary>
    public static RunConfig Resolve(string stage, string? profile = null, string? configFile = null) =>
        Resolve(new SettingsRequest { Stage = stage, Profile = profile, ConfigFile = configFile });

    /// <summary>
    /// The settings of a new run: the request's preset (settings made in code, else <see cref="Presets.For"/>(stage,
    /// profile)), then its <c>--config</c> file (any subset of the keys), then its flags; validated.
    /// </summary>
    public static RunConfig Resolve(SettingsRequest request)
    {
        var stage = request.Stage;
        var config = request.Preset ?? Presets.For(stage, request.ProfileName);
        if (request.ConfigFile is not null) config = ConfigFile.Apply(config, request.ConfigFile, Verb(stage));
        config = request.Flags.ApplyTo(config);
        if (config.Stage != stage)
            throw new GptLabException($"the config says stage '{config.Stage}', but `gptlab {Verb(stage)}` runs stage '{stage}': remove \"stage\" from the --config file");
        return config.Validate();
    }

    /// <summary>
    /// The settings of a resumed run: its saved config with the request's <c>--config</c> file and flags applied. The keys
    /// of <see cref="Stage.ChangeableOnResume"/> (e.g. "train.max_steps") may change, and each change is listed in
    /// <paramref name="changes"/>; any other key that differs from the checkpoint (the shape, the data, the precision,
    /// the batch) is a one-line error naming it. An explicit profile must agree with the checkpoint's model, data and
    /// precision. Pretraining keeps its decay horizon: a longer run does not bend the schedule under way (steps past it
    /// run at min_lr, as nanoGPT's lr_decay_iters does when max_iters grows).
    /// </summary>
    public static RunConfig Resume(RunConfig saved, SettingsRequest request, out IReadOnlyList<string> changes)
    {
        var verb = Verb(saved.Stage);
        if (request.Profile is { } profile)
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
        if (request.ConfigFile is not null) config = ConfigFile.Apply(config, request.ConfigFile, verb);
        config = request.Flags.ApplyTo(config);
        var changeable = Stage.ChangeableOnResume(saved.Stage);
        var diff = ConfigDiff.Between(saved, config).ToList();
        if (diff.FirstOrDefault(d => !changeable.Contains(d.Key)) is { Key: not null } refused)
            throw new GptLabException($"--resume keeps the run's settings, but {refused.Key}={refused.Now} differs from the checkpoint's {refused.Saved}: drop that setting{(changeable.Count > 0 ? " (a resumed run may change only its length, learning rate, intervals and threads)" : "")}, or start a new run with another --name");
        changes = [.. diff.Select(d => $"{d.Key} {d.Saved} → {d.Now}")];
        if (saved.Stage == Stage.Base) config = config with { Train = config.Train with { LrDecaySteps = saved.Train.DecaySteps } };
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
