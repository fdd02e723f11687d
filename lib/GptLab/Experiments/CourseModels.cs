using GptLab.Configuration;
using GptLab.Data;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// The pretrained character-level Shakespeare model the lessons share. Trained once per profile into
/// <c>runs/course-&lt;profile&gt;/</c> (what <c>gptlab pretrain --profile P --name course-P</c> writes), then loaded from
/// there: notebooks hand models to each other through files, like the CLI's stages.
/// </summary>
public static class CourseModels
{
    /// <summary>The run folder of profile <paramref name="profileName"/>'s course model.</summary>
    public static string RunFolder(string profileName) => RunFolders.For($"course-{profileName}");

    /// <summary>
    /// Loads the course model of <paramref name="profileName"/>, pretraining it first if no finished checkpoint
    /// exists (<paramref name="progress"/> sees each step then). The caller disposes the checkpoint.
    /// </summary>
    public static Checkpoint PretrainedShakespeare(string profileName, Device device, Action<TrainProgress>? progress = null) =>
        Pretrained(RunFolder(profileName), Presets.For(Stage.Base, profileName), device, progress);

    /// <summary>
    /// The English base model of the chat path (profile chat-&lt;profile&gt;: TinyStories and the invented facts, BPE with the
    /// chat tokens), trained once into <c>runs/course-chat-&lt;profile&gt;/</c>; notebook 05 puts a classifier on it, 06 fine-tunes
    /// it into an assistant. The caller disposes it.
    /// </summary>
    public static Checkpoint ChatBase(string profileName, Device device, Action<TrainProgress>? progress = null) =>
        Pretrained(RunFolders.For($"course-chat-{profileName}"), Presets.For(Stage.Base, $"chat-{profileName}"), device, progress);

    /// <summary>
    /// The course's assistant, shared by the experiments that ask it questions: the chat base of <paramref name="profileName"/>
    /// (<see cref="ChatBase"/>) fine-tuned with <c>gptlab sft</c>'s settings of that profile, once, into
    /// <c>runs/course-assistant-&lt;profile&gt;/</c>, and the instruction set it was fine-tuned on and is tested on. A
    /// checkpoint there is used when its fine-tuning finished with today's settings; otherwise it is fine-tuned again.
    /// <paramref name="report"/> hears every hundredth step. The caller disposes the checkpoint.
    /// </summary>
    public static (Checkpoint Assistant, InstructionSet Data) Assistant(string profileName, Device device, Action<string>? report = null)
    {
        using var chatBase = ChatBase(profileName, device, StepReports.Every100(report, "training the chat base model"));
        var config = SupervisedFineTuning.Configure(chatBase, ConfigResolver.Resolve(Stage.Sft, profileName));
        var data = SupervisedFineTuning.Data(config.Sft!);
        var folder = RunFolders.For($"course-assistant-{profileName}");
        using var runLock = RunLock.Acquire(folder, "the course assistant"); // one writer: two experiments never fine-tune it at once
        Checkpoint.Recover(folder);
        if (Checkpoint.Locate(folder) is { } saved && Current(CheckpointMeta.Read(Path.Combine(saved, Checkpoint.ConfigFile)), config))
            return (Checkpoint.Load(folder, device), data);
        using (var copy = Checkpoint.Load(chatBase.Folder, device, config.Dtype))
        using (var trainer = SupervisedFineTuning.CreateTrainer(copy.Model, chatBase.Tokenizer, config, data, folder, device))
        {
            trainer.StepCompleted += StepReports.Every100(report, "fine-tuning the assistant");
            trainer.Train();
        }
        return (Checkpoint.Load(folder, device), data);
    }

    // A saved fine-tuning that finished with the settings asked for now (max_steps aside: it follows from the data).
    private static bool Current(CheckpointMeta saved, RunConfig config) =>
        saved.IsFinished() && !ConfigDiff.Between(saved.Config with { Train = saved.Config.Train with { MaxSteps = config.Train.MaxSteps } }, config).Any();

    /// <summary>
    /// Loads the model pretrained with <paramref name="config"/> in <paramref name="runFolder"/>, training it there first
    /// (or finishing an interrupted run) when no checkpoint has reached max_steps: what both course models do. The
    /// caller disposes the checkpoint.
    /// </summary>
    public static Checkpoint Pretrained(string runFolder, RunConfig config, Device device, Action<TrainProgress>? progress = null)
    {
        var t = config.Validate().Train;
        using var runLock = RunLock.Acquire(runFolder, "a notebook's course model"); // one writer: two kernels never train it at once
        Checkpoint.Recover(runFolder);
        using (var saved = Checkpoint.Locate(runFolder) is null ? null : Checkpoint.Load(runFolder, device))
        {
            if (saved is not null && saved.Meta.Step >= t.MaxSteps) return Checkpoint.Load(runFolder, device);

            // Absent, or interrupted (Ctrl+C, a closed notebook): train, resuming exactly where it stopped.
            var data = MidTraining.Prepare(config.Data, Path.Combine(runFolder, "data"));
            config = config.WithVocabSize(data.Tokenizer.VocabSize);
            TorchRuntime.Seed(t.Seed);
            using var fresh = saved is null ? config.CreateModel() : null;
            using var trainer = new Trainer(saved?.Model ?? fresh!, saved?.Meta.Config ?? config, data, runFolder, device, saved);
            if (progress is not null) trainer.StepCompleted += progress;
            trainer.Train();
        }
        return Checkpoint.Load(runFolder, device);
    }
}
