using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Tokenization;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// Supervised fine-tuning (nanochat's chat_sft), the whole recipe: a base run loaded in the run's precision (a base
/// without the chat tokens, such as GPT-2, gets them as new embedding rows), the instruction data the sft settings
/// describe, replay windows of the base's own text, the run length from the epochs, the masked objective trained with
/// early stopping, then the held-out test. <c>gptlab sft</c>, the course assistant and notebooks 06 and 09 run it.
/// </summary>
public sealed class SupervisedStage : TrainingStage
{
    /// <summary>The TinyStories file the "story" family draws its openings from.</summary>
    public const string StoriesPath = "data/tinystories/stories.txt";

    private Checkpoint? _resumed;
    private SupervisedObjective _objective = null!;

    private SupervisedStage(RunFolder run, string owner) : base(run, owner)
    {
    }

    /// <summary>
    /// The base run, loaded in the run's precision (its weights are the ones fine-tuned, in memory, unless resumed or
    /// extended; extended, its model is freed once copied, and only its tokenizer, meta and folder remain to read).
    /// </summary>
    public Checkpoint Base { get; private set; } = null!;

    /// <summary>The model being fine-tuned.</summary>
    public Gpt Model { get; private set; } = null!;

    public ITokenizer Tokenizer { get; private set; } = null!;

    /// <summary>The chat template of the run (its sft settings' spacing).</summary>
    public ChatTemplate Template { get; private set; } = null!;

    /// <summary>The training, validation and test conversations.</summary>
    public InstructionSet Data { get; private set; } = null!;

    /// <summary>The chat tokens this run added to a base that had none (new embedding rows); empty otherwise.</summary>
    public IReadOnlyList<string> AddedTokens { get; private set; } = [];

    /// <summary>
    /// Opens run <paramref name="run"/> to fine-tune the base run in <paramref name="baseFolder"/> with <paramref name="settings"/>.
    /// A resumed fine-tuning keeps every setting it started with: a flag or <c>--config</c> key that differs is refused.
    /// </summary>
    public static SupervisedStage Open(RunFolder run, SettingsRequest settings, string baseFolder, Device device, StartMode start = StartMode.New, string owner = "gptlab sft")
    {
        var resolved = ConfigResolver.Resolve(settings); // bad settings fail before the run folder is touched
        return Opened(new SupervisedStage(run, owner), stage => stage.Load(settings, resolved, baseFolder, device, start));
    }

    /// <summary>Fine-tunes until the epochs end or validation stops improving, then (with <paramref name="test"/>) answers the held-out test prompts.</summary>
    public SftResult Train(CancellationToken cancellation = default, bool test = true)
    {
        var training = TrainObjective(_objective, _resumed, cancellation);
        return new SftResult(training, test && !training.Interrupted ? ChatEvaluation.Run(Model, Template, Data.Test, training: Data.Train) : null);
    }

    /// <summary>
    /// The run config of fine-tuning <paramref name="baseCheckpoint"/> with <paramref name="profile"/> (the resolved sft
    /// settings): the base's model shape and data, the profile's training settings and precision, stage "sft", parent the
    /// base. A base mid-trained on instructions must be tested on items it held out (<see cref="MidTraining.CheckHeldOut"/>).
    /// <paramref name="shape"/> replaces the base's shape when the fine-tuning adds the chat tokens (<see cref="ChatVocabulary"/>) or LoRA adapters.
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

    /// <summary>Train, validation and test conversations for <paramref name="sft"/>: the synthetic families, plus Dolly pairs when asked.</summary>
    public static InstructionSet InstructionData(SftConfig sft)
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
    /// The chat template a run of <paramref name="config"/> uses: its sft section's <see cref="SftConfig.SpaceBeforeText"/>,
    /// the default for a base model (no sft section). Fails in one line when the tokenizer has no chat tokens.
    /// </summary>
    public static ChatTemplate TemplateFor(ITokenizer tokenizer, RunConfig config) => new(tokenizer, config.Sft?.SpaceBeforeText ?? true);

    /// <summary>
    /// <paramref name="count"/> windows of <paramref name="blockSize"/> + 1 tokens from the training split's text (never
    /// its mixed-in conversations, never the validation split), at offsets drawn by <paramref name="seed"/>; every token
    /// a target. The replay <see cref="SftConfig.Replay"/> asks for.
    /// </summary>
    public static IReadOnlyList<ChatTokens> ReplayWindows(TokenDataset data, int count, int blockSize, int seed)
    {
        var textTokens = data.Meta.TrainTokens - data.Meta.InstructionTokens; // conversations come after the text (mid-training)
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
    /// Forgetting: the pretraining validation loss of <paramref name="model"/> on the base run's prepared data, estimated as
    /// pretraining did. Compare the base model's value with the SFT model's.
    /// </summary>
    public static double PretrainingValLoss(Gpt model, Checkpoint baseCheckpoint, Device device)
    {
        var objective = new LanguageModelObjective(model, BaseData(baseCheckpoint.Folder), baseCheckpoint.Meta.Config.Train, device);
        using (EvalMode.Enter(model)) return objective.Evaluate().ValLoss;
    }

    /// <summary>
    /// Whether the base run <paramref name="meta"/> describes was pretrained here (it has a corpus), not imported
    /// (<c>gptlab import</c>: its corpus names the folder its weights came from).
    /// </summary>
    public static bool HasTrainingText(CheckpointMeta meta) => !Directory.Exists(meta.Config.Data.Corpus);

    private void Load(SettingsRequest settings, RunConfig resolved, string baseFolder, Device device, StartMode start)
    {
        _resumed = RunStart.Open(Run, start, device);
        if (_resumed is not null) Own(_resumed);
        resolved = Settled(resolved, baseFolder, device);
        Base = Own(RunStart.LoadBase(baseFolder, device, _resumed?.Meta.Config.Dtype ?? resolved.Dtype));
        var extended = _resumed is null ? ChatVocabulary.Extend(Base.Model, Base.Tokenizer) : null;
        if (extended is { Model: var added })
        {
            Own(added);
            AddedTokens = ChatVocabulary.Missing(Base.Tokenizer);
            Base.Model.Dispose(); // its weights live on in the extended copy: a second GPT-2 in memory helps nothing
        }
        Tokenizer = _resumed?.Tokenizer ?? extended?.Tokenizer ?? Base.Tokenizer;
        _ = new ChatTemplate(Tokenizer); // a base without chat tokens fails here, naming the fix
        Model = _resumed?.Model ?? extended?.Model ?? Base.Model; // fine-tunes the base's weights in memory
        if (_resumed is null) AddAdapters(Model, resolved.Train);
        // LoRA freezes the token embedding, but chat tokens this fine-tuning added start as equal rows: they must learn theirs.
        if (Model.Config.LoraRank > 0 && AddedTokens.Count > 0) Model.TrainAddedTokenRows(AddedTokens.Count); // a resumed run's model has its rows
        // The run's shape is the model's: the base's, with the chat tokens and the adapters this fine-tuning added.
        var config = _resumed is not null ? ConfigResolver.Resume(_resumed.Meta.Config, settings, out _) : Configure(Base, resolved, Model.Config);
        var sft = config.Sft ?? throw new GptLabException("the run config has no sft section: it is not a fine-tuning run");
        Data = InstructionData(sft);
        Template = TemplateFor(Tokenizer, config);
        var replay = sft.Replay > 0 ? ReplayWindows(BaseData(config.Parent!), sft.Replay, Model.Config.BlockSize, sft.DataSeed) : null;
        _objective = new SupervisedObjective(Model, Template, Data.Train, Data.Validation, config.Train, sft.LossOnAllTokens, device, replay);
        config.CheckActivations(config.Train.BatchSize, _objective.LongestSequence, $"conversations of up to {_objective.LongestSequence} tokens");
        var steps = _resumed?.Meta.Config.Train.MaxSteps ?? config.Train.StepsFor(sft.Epochs, _objective.TrainExamples);
        Config = config with { Train = config.Train with { MaxSteps = steps } };
        TorchRuntime.Seed(Config.Train.Seed);
    }

    // The prepared data of the base run whose checkpoint folder is given: <base run>/data.
    private static TokenDataset BaseData(string checkpointFolder)
    {
        var run = RunFolder.OfCheckpoint(checkpointFolder);
        if (File.Exists(Path.Combine(run.Data, RunFiles.DataMeta))) return TokenDataset.Open(run.Data);
        var meta = CheckpointMeta.Read(Path.Combine(Checkpoint.Locate(checkpointFolder) ?? checkpointFolder, RunFiles.Config));
        throw new GptLabException(HasTrainingText(meta)
            ? $"the base run's data is missing ({run.Data}): run `gptlab prepare` for it, with the base run's name and profile"
            : "the base was imported and has no training text here to replay or measure forgetting on: fine-tune it with --replay 0");
    }
}
