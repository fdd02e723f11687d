using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Stages;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// The pretrained character-level Shakespeare model the lessons share. Trained once per profile into
/// <c>runs/course-&lt;profile&gt;/</c> (what <c>gptlab pretrain --profile P --name course-P</c> writes), then loaded from
/// there: notebooks hand models to each other through files, like the CLI's stages. An experiment run with another
/// training seed (<c>gptlab experiment context --seeds 3</c>) gets course models of its own, trained with that seed
/// into <c>runs/course-…-seed&lt;N&gt;/</c>: an effect measured on the course model then holds across trainings, not for one.
/// </summary>
public static class CourseModels
{
    /// <summary>The run folder of profile <paramref name="profileName"/>'s course model.</summary>
    public static RunFolder ShakespeareRun(string profileName, long? seed = null) =>
        RunFolder.Named($"course-{profileName}{Suffix(Presets.For(Stage.Base, profileName), seed)}");

    /// <summary>
    /// Loads the course model of <paramref name="profileName"/>, pretraining it first if no finished checkpoint
    /// exists (<paramref name="progress"/> sees each step then). <paramref name="seed"/>: a training seed other than the
    /// profile's gives a model of its own (see the class). The caller disposes the checkpoint.
    /// </summary>
    public static Checkpoint PretrainedShakespeare(string profileName, Device device, Action<TrainProgress>? progress = null, long? seed = null)
    {
        var config = Presets.For(Stage.Base, profileName);
        return Pretrained(ShakespeareRun(profileName, seed), Seeded(config, seed), device, progress);
    }

    /// <summary>
    /// The English base model of the chat path (profile chat-&lt;profile&gt;: TinyStories and the invented facts, BPE with the
    /// chat tokens), trained once into <c>runs/course-chat-&lt;profile&gt;/</c>; notebook 05 puts a classifier on it, 06 fine-tunes
    /// it into an assistant. The caller disposes it.
    /// </summary>
    public static Checkpoint ChatBase(string profileName, Device device, Action<TrainProgress>? progress = null, long? seed = null)
    {
        var config = Presets.For(Stage.Base, $"chat-{profileName}");
        return Pretrained(RunFolder.Named($"course-chat-{profileName}{Suffix(config, seed)}"), Seeded(config, seed), device, progress);
    }

    /// <summary>
    /// The course's assistant, shared by the experiments that ask it questions: the chat base of <paramref name="profileName"/>
    /// (<see cref="ChatBase"/>) fine-tuned with <c>gptlab sft</c>'s settings of that profile, once, into
    /// <c>runs/course-assistant-&lt;profile&gt;/</c>, and the instruction set it was fine-tuned on and is tested on. A
    /// checkpoint there is used when its fine-tuning finished with today's settings; otherwise it is fine-tuned again.
    /// <paramref name="report"/> hears every hundredth step, <paramref name="progress"/> every step of the fine-tuning (notebook
    /// 06 draws it; 07 and 08 then load what 06 fine-tuned). The caller disposes the checkpoint.
    /// </summary>
    public static (Checkpoint Assistant, InstructionSet Data) Assistant(string profileName, Device device, Action<string>? report = null, Action<TrainProgress>? progress = null, long? seed = null)
    {
        using var chatBase = ChatBase(profileName, device, StepReports.Every100(report, "training the chat base model"), seed);
        var settings = AssistantSettings(profileName, seed);
        var run = RunFolder.Named($"course-assistant-{profileName}{Suffix(ConfigResolver.Resolve(Stage.Sft, profileName), seed)}"); // the profile's seed, not the seeded one
        if (Checkpoint.Locate(run.Path) is { } saved && Current(CheckpointMeta.Read(Path.Combine(saved, RunFiles.Config)), SupervisedStage.Configure(chatBase, settings)))
            return (Checkpoint.Load(run.Path, device), SupervisedStage.InstructionData(settings.Sft!));
        InstructionSet data;
        // Fine-tuned again over an older one whose settings differ; one writer: two experiments never fine-tune it at once.
        using (var stage = SupervisedStage.Open(run, SettingsRequest.For(settings), chatBase.Folder, device, StartMode.Replace, "the course assistant"))
        {
            stage.StepCompleted += StepReports.Every100(report, "fine-tuning the assistant");
            if (progress is not null) stage.StepCompleted += progress;
            stage.Train(test: false);
            data = stage.Data;
        }
        return (Checkpoint.Load(run.Path, device), data);
    }

    /// <summary>The fine-tuning settings of <see cref="Assistant"/>: <c>gptlab sft</c>'s of the profile, with the seed's training and data seeds.</summary>
    public static RunConfig AssistantSettings(string profileName, long? seed = null) => Seeded(ConfigResolver.Resolve(Stage.Sft, profileName), seed);

    // The run folder's suffix: none for the profile's own training seed (the course's models), "-seed<N>" for another.
    private static string Suffix(RunConfig config, long? seed) => seed is { } s && s != config.Train.Seed ? $"-seed{s}" : "";

    // The settings for another training seed: that seed for the weights and the batches, and a data split drawn from it
    // (the instruction mix a chat base reads and the SFT split, which must agree: mid-training holds out SFT's test set).
    private static RunConfig Seeded(RunConfig config, long? seed)
    {
        if (Suffix(config, seed) == "") return config;
        var dataSeed = (int)(seed!.Value % int.MaxValue);
        return config with
        {
            Train = config.Train with { Seed = seed.Value },
            Data = config.Data with { Instructions = config.Data.Instructions is { } mix ? mix with { DataSeed = dataSeed } : null },
            Sft = config.Sft is { } sft ? sft with { DataSeed = dataSeed } : null,
        };
    }

    /// <summary>Whether a saved fine-tuning finished with the settings asked for now (max_steps aside: it follows from the data).</summary>
    internal static bool Current(CheckpointMeta saved, RunConfig config) =>
        saved.IsFinished() && !ConfigDiff.Between(
            saved.Config with { Train = saved.Config.Train with { MaxSteps = config.Train.MaxSteps }, Parent = ParentRun(saved.Config.Parent) },
            config with { Parent = ParentRun(config.Parent) }).Any();

    // The run a parent checkpoint folder belongs to, by name: a runs folder copied or moved elsewhere (a science clone, a
    // workshop machine) keeps its course models, whose configs name their parents by absolute path.
    private static string? ParentRun(string? parent) => parent is null ? null : Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(parent)));

    /// <summary>
    /// Loads the model pretrained with <paramref name="config"/> in <paramref name="runFolder"/>, training it there first
    /// (or finishing an interrupted run) when no checkpoint has reached max_steps: what both course models do. A
    /// checkpoint trained with other settings (an older profile: another context length, say) is trained again from the
    /// start. The caller disposes the checkpoint.
    /// </summary>
    public static Checkpoint Pretrained(RunFolder runFolder, RunConfig config, Device device, Action<TrainProgress>? progress = null)
    {
        var saved = Checkpoint.Locate(runFolder.Path) is { } folder ? CheckpointMeta.Read(Path.Combine(folder, RunFiles.Config)) : null;
        // vocab_size aside: the data's tokenizer sets it when the run starts, and the data settings decide the tokenizer.
        var stale = saved is not null && ConfigDiff.Between(saved.Config with { Model = saved.Config.Model with { VocabSize = config.Model.VocabSize } }, config).Any();
        if (saved is null || stale || saved.Step < saved.Config.Train.MaxSteps)
        {
            // Absent, or interrupted (Ctrl+C, a closed notebook): train, resuming exactly where it stopped; stale: anew.
            using var stage = PretrainingStage.Open(runFolder, SettingsRequest.For(config), device, stale ? StartMode.Replace : StartMode.Continue,
                new PretrainingInputs { Owner = "a notebook's course model" });
            if (progress is not null) stage.StepCompleted += progress;
            if (!stage.Finished) stage.Train();
        }
        return Checkpoint.Load(runFolder.Path, device);
    }
}
