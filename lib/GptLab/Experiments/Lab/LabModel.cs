using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Tokenization;
using GptLab.Training;

namespace GptLab.Experiments.Lab;

/// <summary>
/// A character-level GPT trained from scratch on an experiment's generated text: the same trainer, dataset files and
/// checkpoint as <c>gptlab pretrain</c>, in <c>&lt;experiment folder&gt;/&lt;condition&gt;/</c> (so <c>gptlab sample</c> can
/// load it). Its training text and its validation text are given apart and the validation text is never a training
/// batch; the model only ever reads what the experiment wrote.
/// </summary>
public static class LabModel
{
    /// <summary>Sequences per step, in every profile: tokens seen = steps × BatchSize × block size.</summary>
    public const int BatchSize = 16;

    /// <summary>The model of each profile: tiny for CI, the cpu preset's baby GPT, a one-GPU size.</summary>
    public static GptConfig Shape(ExperimentContext context) => context.Pick(
        new GptConfig { BlockSize = 64, NLayer = 2, NHead = 2, NEmbd = 64, Dropout = 0.0 },
        new GptConfig { BlockSize = 64, NLayer = 4, NHead = 4, NEmbd = 128, Dropout = 0.0 },
        new GptConfig { BlockSize = 128, NLayer = 6, NHead = 6, NEmbd = 384, Dropout = 0.0 });

    /// <summary>
    /// Trains a model of <paramref name="shape"/> for <paramref name="steps"/> updates on <paramref name="trainText"/>,
    /// validating on <paramref name="valText"/>; <paramref name="atEval"/> sees the model at every evaluation (every
    /// <paramref name="evalEvery"/> steps and the last). The characters are those of the two texts unless
    /// <paramref name="tokenizer"/> is given (one tokenizer for several stages of an experiment). With
    /// <paramref name="from"/>, training starts from that checkpoint's weights, shape and tokenizer (continued
    /// pretraining, or fine-tuning on question–answer text) and names it as the parent. The caller disposes the
    /// checkpoint it returns.
    /// </summary>
    public static Checkpoint Train(ExperimentContext context, string condition, string trainText, string valText, int steps,
        GptConfig? shape = null, int evalEvery = 0, Action<long, Gpt, ITokenizer, MetricRecord>? atEval = null, double learningRate = 2e-3,
        ITokenizer? tokenizer = null, Checkpoint? from = null)
    {
        var folder = RunFolders.Create(Path.Combine(context.Folder, condition));
        using var runLock = RunLock.Acquire(folder, $"the {condition} model of an experiment");
        var corpus = Path.Combine(folder, "corpus.txt");
        AtomicFile.WriteAllText(corpus, trainText + valText);
        // The split cuts at (int)(length × (1 − fraction)): never later than the end of the training text.
        var valFraction = valText.Length / (double)(trainText.Length + valText.Length);
        var config = new RunConfig
        {
            Model = from?.Meta.Config.Model ?? shape ?? Shape(context),
            Data = new DataConfig { Corpus = corpus, Tokenizer = Tokenizers.Char, ValFraction = valFraction },
            Parent = from is null ? null : Path.GetFullPath(from.Folder),
            Train = new TrainConfig
            {
                BatchSize = BatchSize, MaxSteps = steps, LearningRate = learningRate, MinLr = learningRate / 10, WarmupSteps = Math.Min(100, steps / 10),
                EvalInterval = evalEvery > 0 ? evalEvery : steps, EvalIters = 10, LogInterval = 50, CheckpointInterval = steps, Seed = context.Seed,
            },
        };
        var dataFolder = Path.Combine(folder, "data");
        var data = (from?.Tokenizer ?? tokenizer) is { } given ? TokenDataset.Prepare(corpus, given, valFraction, dataFolder) : TokenDataset.Prepare(config.Data, dataFolder);
        config = config.WithVocabSize(data.Tokenizer.VocabSize);
        TorchRuntime.Seed(context.Seed);
        using (var model = config.CreateModel())
        using (var trainer = new Trainer(model, config, data, folder, context.Device))
        {
            if (from is not null) model.load_state_dict(from.Model.state_dict()); // copied in place: the trainer's optimizer holds these parameters
            trainer.StepCompleted += StepReports.Every100(context.Report, condition);
            trainer.StepCompleted += p =>
            {
                if (p.Metric.ValLoss is not null) atEval?.Invoke(p.Step, model, data.Tokenizer, p.Metric);
            };
            trainer.Train();
        }
        return Checkpoint.Load(folder, context.Device);
    }
}
