using GptLab.Configuration;
using GptLab.IO;
using GptLab.Model;
using GptLab.Stages;
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
    public const int BatchSize = Presets.LabBatchSize;

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
        var run = RunFolder.At(Path.Combine(context.Folder, condition)).Create();
        var corpus = Path.Combine(run.Path, "corpus.txt");
        AtomicFile.WriteAllText(corpus, trainText + valText);
        // The split cuts at (int)(length × (1 − fraction)): never later than the end of the training text.
        var valFraction = valText.Length / (double)(trainText.Length + valText.Length);
        var config = Presets.Lab(from?.Meta.Config.Model ?? shape ?? Shape(context), corpus, valFraction, steps, learningRate, evalEvery, context.Seed)
            with { Parent = from is null ? null : Path.GetFullPath(from.Folder) };
        var inputs = new PretrainingInputs { Tokenizer = from?.Tokenizer ?? tokenizer, Weights = from?.Model, Owner = $"the {condition} model of an experiment" };
        using (var stage = PretrainingStage.Open(run, SettingsRequest.For(config), context.Device, StartMode.Replace, inputs))
        {
            stage.StepCompleted += StepReports.Every100(context.Report, condition);
            stage.StepCompleted += p =>
            {
                if (p.Metric.ValLoss is not null) atEval?.Invoke(p.Step, stage.Model, stage.Data.Tokenizer, p.Metric);
            };
            stage.Train();
        }
        return Checkpoint.Load(run.Path, context.Device);
    }
}
