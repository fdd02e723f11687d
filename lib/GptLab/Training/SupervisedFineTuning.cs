using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using static TorchSharp.torch;
using GptLab.Tokenization;

namespace GptLab.Training;

/// <summary>
/// The SFT stage end to end, shared by <c>gptlab sft</c>, the notebook and the tests: the instruction data an
/// <see cref="SftConfig"/> describes, the run config derived from a base checkpoint, and training through the one
/// <see cref="Trainer"/> loop with a <see cref="SupervisedObjective"/>.
/// </summary>
public static class SupervisedFineTuning
{
    /// <summary>The TinyStories file the "story" family draws its openings from.</summary>
    public const string StoriesPath = "data/tinystories/stories.txt";

    /// <summary>Train, validation and test conversations for <paramref name="sft"/>: the synthetic families, plus Dolly pairs when asked.</summary>
    public static InstructionSet Data(SftConfig sft)
    {
        var stories = Corpus.Load(StoriesPath).Split(SpecialTokens.EndOfText, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var synthetic = InstructionSet.Generate(new InstructionSetOptions
        {
            Seed = sft.DataSeed, TrainPerFamily = sft.TrainPerFamily, TrainByFamily = sft.TrainByFamily, ValidationPerFamily = sft.ValidationPerFamily,
            TestPerFamily = sft.TestPerFamily, Stories = stories,
        });
        if (!sft.Dolly) return synthetic;
        var dolly = InstructionSet.Split(DollyPairs.Load(RepoPaths.Resolve(DollyPairs.DefaultPath), sft.DollyMaxChars), sft.ValidationPerFamily, sft.TestPerFamily, sft.DataSeed);
        return new InstructionSet([.. synthetic.Train, .. dolly.Train], [.. synthetic.Validation, .. dolly.Validation], [.. synthetic.Test, .. dolly.Test]);
    }

    /// <summary>
    /// The run config of fine-tuning <paramref name="baseCheckpoint"/> with <paramref name="profile"/> (the sft settings
    /// <see cref="ConfigResolver"/> resolved): the base's model shape and data, the profile's training settings and precision,
    /// stage "sft", parent the base. A base mid-trained on instructions must be tested on items it held out
    /// (<see cref="MidTraining.CheckHeldOut"/>). <paramref name="shape"/> replaces the base's shape when the fine-tuning
    /// adds the chat tokens to its vocabulary (<see cref="ChatVocabulary"/>).
    /// </summary>
    public static RunConfig Configure(Checkpoint baseCheckpoint, RunConfig profile, GptConfig? shape = null)
    {
        var b = baseCheckpoint.Meta.Config;
        var config = (profile with
        {
            Model = shape ?? b.Model,
            Data = b.Data,
            Stage = Stage.Sft,
            Parent = Path.GetFullPath(baseCheckpoint.Folder),
            Sft = profile.Sft ?? new SftConfig(),
        }).Validate();
        if (b.Data.Instructions is { } mix) MidTraining.CheckHeldOut(mix, config.Sft!);
        return config;
    }

    /// <summary>
    /// A trainer that fine-tunes <paramref name="model"/> (the base's weights, or an SFT checkpoint's when
    /// <paramref name="resumeFrom"/> is given) into <paramref name="runFolder"/>; max_steps follows from the epochs and the
    /// conversations that fit the context, replay windows of the base's text included (<see cref="SftConfig.Replay"/>).
    /// The caller disposes it.
    /// </summary>
    public static Trainer CreateTrainer(Gpt model, ITokenizer tokenizer, RunConfig config, InstructionSet data, string runFolder, Device device, Checkpoint? resumeFrom = null)
    {
        var sft = config.Sft ?? throw new GptLabException("the run config has no sft section: build it with SupervisedFineTuning.Configure");
        var replay = sft.Replay > 0 ? ReplayWindows(BaseData(config.Parent!), sft.Replay, model.Config.BlockSize, sft.DataSeed) : null;
        var objective = new SupervisedObjective(model, Template(tokenizer, config), data.Train, data.Validation, config.Train, sft.LossOnAllTokens, device, replay);
        var steps = resumeFrom?.Meta.Config.Train.MaxSteps ?? SupervisedObjective.StepsFor(sft.Epochs, objective.TrainExamples, config.Train);
        TorchRuntime.Seed(config.Train.Seed);
        return new Trainer(objective, config with { Train = config.Train with { MaxSteps = steps } }, runFolder, resumeFrom);
    }

    /// <summary>
    /// The chat template a run of <paramref name="config"/> uses: its sft section's <see cref="SftConfig.SpaceBeforeText"/>,
    /// the default for a base model (no sft section). Fails in one line when the tokenizer has no chat tokens.
    /// </summary>
    public static ChatTemplate Template(ITokenizer tokenizer, RunConfig config) =>
        new(tokenizer, config.Sft?.SpaceBeforeText ?? true);

    /// <summary>
    /// <paramref name="count"/> windows of <paramref name="blockSize"/> + 1 tokens from the training split's text (never
    /// its mixed-in conversations, never the validation split), at offsets drawn by <paramref name="seed"/>; every token
    /// a target. The replay <see cref="SftConfig.Replay"/> asks for.
    /// </summary>
    public static IReadOnlyList<ChatTokens> ReplayWindows(TokenDataset data, int count, int blockSize, int seed)
    {
        var textTokens = data.Meta.TrainTokens - data.Meta.InstructionTokens; // conversations come after the text (MidTraining)
        if (textTokens <= blockSize + 1)
            throw new GptLabException($"the base run's training text has {textTokens} tokens, too few for replay windows of {blockSize + 1}: set sft.replay to 0");
        var rng = new Random(StepSeed.For(seed, 0, -2));
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var start = rng.Next(textTokens - blockSize);
            return new ChatTokens(data.Train[start..(start + blockSize + 1)], Enumerable.Repeat(true, blockSize + 1).ToArray());
        })];
    }

    /// <summary>
    /// Forgetting: the pretraining validation loss of <paramref name="model"/> on the base run's prepared data
    /// (<c>&lt;base run&gt;/data</c>, beside its checkpoint folder), estimated as pretraining did. Compare the base
    /// model's value with the SFT model's.
    /// </summary>
    public static double PretrainingValLoss(Gpt model, Checkpoint baseCheckpoint, Device device)
    {
        var objective = new LanguageModelObjective(model, BaseData(baseCheckpoint.Folder), baseCheckpoint.Meta.Config.Train, device);
        using (EvalMode.Enter(model)) return objective.Evaluate().ValLoss;
    }

    // The prepared data of the base run whose checkpoint folder is given: <base run>/data.
    private static TokenDataset BaseData(string checkpointFolder)
    {
        var dataFolder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointFolder))!, "data");
        if (File.Exists(Path.Combine(dataFolder, TokenDataset.MetaFile))) return TokenDataset.Open(dataFolder);
        var meta = CheckpointMeta.Read(Path.Combine(Checkpoint.Locate(checkpointFolder) ?? checkpointFolder, Checkpoint.ConfigFile));
        throw new GptLabException(HasTrainingText(meta)
            ? $"the base run's data is missing ({dataFolder}): run `gptlab prepare` for it, with the base run's name and profile"
            : "the base was imported and has no training text here to replay or measure forgetting on: fine-tune it with --replay 0");
    }

    /// <summary>
    /// Whether the base run <paramref name="meta"/> describes was pretrained here (it has a corpus), not imported
    /// (<c>gptlab import</c>: its corpus names the folder its weights came from).
    /// </summary>
    public static bool HasTrainingText(CheckpointMeta meta) => !Directory.Exists(meta.Config.Data.Corpus);
}
