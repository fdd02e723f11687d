using GptLab.Chat;
using GptLab.Configuration;
using GptLab.IO;
using GptLab.Model;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// What the stages that tune an SFT run's own weights against a frozen copy share (DPO, RL): the SFT run loaded twice,
/// as the policy, tuned in memory (or the resumed run's weights) or through LoRA adapters (train.lora_rank), and as the
/// reference; the chat template; a resumed run that must tune the same SFT run it started from.
/// </summary>
public abstract class PolicyTuningStage : TrainingStage
{
    protected PolicyTuningStage(RunFolder run, string owner) : base(run, owner)
    {
    }

    /// <summary>The SFT run the policy starts from (its weights are the ones tuned, in memory, unless resumed).</summary>
    public Checkpoint Base { get; private set; } = null!;

    /// <summary>The SFT model again, frozen: the reference the policy is held to and compared with.</summary>
    public Checkpoint Reference { get; private set; } = null!;

    /// <summary>The model being tuned.</summary>
    public Gpt Model { get; private set; } = null!;

    public ChatTemplate Template { get; private set; } = null!;

    /// <summary>The run's checkpoint when it resumes; null for a new run.</summary>
    protected Checkpoint? Resumed { get; private set; }

    /// <summary>
    /// Loads the policy, the reference and the template, and returns the run's settings: a resumed run's own (only what
    /// <paramref name="settings"/> may change on resume), or <paramref name="configure"/>'s for the SFT run and
    /// <paramref name="resolved"/>.
    /// </summary>
    protected RunConfig LoadPolicy(SettingsRequest settings, RunConfig resolved, string baseFolder, Device device, StartMode start, Func<Checkpoint, RunConfig, RunConfig> configure)
    {
        Resumed = RunStart.Open(Run, start, device);
        if (Resumed is not null) Own(Resumed);
        resolved = Settled(resolved, baseFolder, device);
        var dtype = Resumed?.Meta.Config.Dtype ?? resolved.Dtype;
        Base = Own(RunStart.LoadBase(baseFolder, device, dtype));
        var config = Resumed is not null ? ConfigResolver.Resume(Resumed.Meta.Config, settings, out _) : configure(Base, resolved);
        if (Resumed is not null && Path.GetFullPath(Base.Folder) != config.Parent)
            throw new GptLabException($"--resume: run '{Run.Name}' tunes {config.Parent}, not {Path.GetFullPath(Base.Folder)}: pass that run to --base");
        Reference = Own(Checkpoint.LoadLanguageModel(baseFolder, device, dtype));
        Model = Resumed?.Model ?? Base.Model;
        if (Resumed is null && config.Train.LoraRank > 0)
        {
            AddAdapters(Model, config.Train); // the SFT weights frozen, the adapters tuned; a resumed run has its own
            config = (config with { Model = Model.Config }).Validate();
        }
        Template = SupervisedStage.TemplateFor(Resumed?.Tokenizer ?? Base.Tokenizer, config);
        return config;
    }
}
