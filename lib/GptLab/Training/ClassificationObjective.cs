using GptLab.IO;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.Model;
using GptLab.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// Discriminative fine-tuning (GPT-1): cross-entropy of a <see cref="GptClassifier"/> on labelled texts. Training
/// batches draw examples (and, for texts longer than the context, a window of them) by (seed, step, micro-step);
/// evaluation scores whole test texts with a <see cref="TextClassifier"/>.
/// </summary>
public sealed class ClassificationObjective : ITrainingObjective
{
    private readonly GptClassifier _classifier;
    private readonly ClassificationDataset _data;
    private readonly ITokenizer _tokenizer;
    private readonly int[][] _train;
    private readonly int[][] _test;
    private readonly int _batchSize;
    private readonly int _evalExamples;
    private readonly long _seed;

    /// <summary>
    /// Fine-tunes <paramref name="classifier"/> on <paramref name="data"/>. With <paramref name="trainBackbone"/> true every
    /// weight trains (GPT-1); false trains only the head on frozen features (a linear probe), which keeps what
    /// pretraining learned intact on a small dataset.
    /// </summary>
    public ClassificationObjective(GptClassifier classifier, ClassificationDataset data, ITokenizer tokenizer, TrainConfig config, Device device, bool trainBackbone = true)
    {
        _classifier = classifier;
        _data = data;
        _tokenizer = tokenizer;
        _batchSize = config.BatchSize;
        _evalExamples = Math.Min(data.Train.Count, config.EvalIters * config.BatchSize);
        _seed = config.Seed;
        _train = data.Train.Select(e => tokenizer.Encode(e.Text)).ToArray();
        _test = data.Test.Select(e => tokenizer.Encode(e.Text)).ToArray();
        Device = device;
        classifier.to(device);
        Parameters = trainBackbone ? classifier.DistinctParameters() : [.. classifier.DistinctParameters().Where(p => p.Name.StartsWith("score.", StringComparison.Ordinal))];
        foreach (var (_, parameter) in classifier.Backbone.DistinctParameters()) parameter.requires_grad = trainBackbone;
        TokensPerMicroBatch = (long)_batchSize * classifier.Backbone.Config.BlockSize;
        Classifier = new TextClassifier(classifier, tokenizer, _batchSize);
    }

    /// <summary>The classifier being trained, applied to whole texts: predicts labels once trained.</summary>
    public TextClassifier Classifier { get; }

    public nn.Module Model => _classifier;

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    public Device Device { get; }

    public string Dtype => _classifier.Backbone.Dtype;

    public long TokensPerMicroBatch { get; }

    public (string Kind, int VocabSize) Tokenizer => (_tokenizer.Kind, _tokenizer.VocabSize);

    public Tensor MicroBatchLoss(long step, int micro)
    {
        var rng = new Random(StepSeed.For(_seed, step, micro)); // not HashCode: that one changes per process
        var T = _classifier.Backbone.Config.BlockSize;
        var picks = Enumerable.Range(0, _batchSize).Select(_ => rng.Next(_train.Length)).ToArray();
        var windows = picks.Select(i => Window(_train[i], T, rng)).ToArray();
        var (ids, lengths) = GptClassifier.Pad(windows, T, Device);
        var labels = tensor(picks.Select(i => (long)_data.Train[i].Label).ToArray(), device: Device);
        return nn.functional.cross_entropy(_classifier.call(ids, lengths), labels);
    }

    public EvalResult Evaluate()
    {
        var (trainLoss, trainAccuracy) = Classifier.Score(TrainEvalIndices.Select(i => _train[i]).ToArray(), TrainEvalIndices.Select(i => _data.Train[i].Label).ToArray());
        var (valLoss, valAccuracy) = Classifier.Score(_test, _data.Test.Select(e => e.Label).ToArray());
        return new EvalResult(trainLoss, valLoss, trainAccuracy, valAccuracy);
    }

    // A fixed subset spread evenly over the training examples (task files often list one label's examples in a run).
    private IEnumerable<int> TrainEvalIndices =>
        Enumerable.Range(0, _evalExamples).Select(i => (int)((long)i * _train.Length / _evalExamples));

    public void WriteModel(string folder)
    {
        _tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
        _classifier.Backbone.save_safetensors(Path.Combine(folder, RunFiles.Model)); // still a GPT checkpoint: `gptlab sample` reads it
        _classifier.Head.save_safetensors(Path.Combine(folder, RunFiles.ClassifierHead)); // keys weight, bias of the head
        File.WriteAllText(Path.Combine(folder, RunFiles.Labels), System.Text.Json.JsonSerializer.Serialize(_data.Labels, Json.Options));
    }

    private static int[] Window(int[] ids, int T, Random rng) =>
        ids.Length <= T ? ids : ids.AsSpan(rng.Next(ids.Length - T + 1), T).ToArray();
}
