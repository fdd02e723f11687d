using GptLab.Data;
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
/// evaluation averages the logits of every window of each test example.
/// </summary>
public sealed class ClassificationObjective : ITrainingObjective
{
    public const string HeadFile = "classifier.safetensors";
    public const string LabelsFile = "labels.json";

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
    }

    public nn.Module Model => _classifier;

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    public Device Device { get; }

    public long TokensPerMicroBatch { get; }

    public (string Kind, int VocabSize) Tokenizer => (_tokenizer.Kind, _tokenizer.VocabSize);

    public Tensor MicroBatchLoss(long step, int micro)
    {
        var rng = new Random(StepSeed.For(_seed, step, micro)); // not HashCode: that one changes per process
        var T = _classifier.Backbone.Config.BlockSize;
        var picks = Enumerable.Range(0, _batchSize).Select(_ => rng.Next(_train.Length)).ToArray();
        var windows = picks.Select(i => Window(_train[i], T, rng)).ToArray();
        var (ids, lengths) = Pad(windows, T);
        var labels = tensor(picks.Select(i => (long)_data.Train[i].Label).ToArray(), device: Device);
        return nn.functional.cross_entropy(_classifier.call(ids, lengths), labels);
    }

    public Evaluation Evaluate()
    {
        var (trainLoss, trainAccuracy) = Score(TrainEvalIndices.Select(i => _train[i]).ToArray(), TrainEvalIndices.Select(i => _data.Train[i].Label).ToArray());
        var (valLoss, valAccuracy) = Score(_test, _data.Test.Select(e => e.Label).ToArray());
        return new Evaluation(trainLoss, valLoss, trainAccuracy, valAccuracy);
    }

    /// <summary>Predicted label of each text (eval mode, no gradients): for accuracy and confusion matrices.</summary>
    public int[] Predict(IEnumerable<string> texts)
    {
        var wasTraining = _classifier.training;
        _classifier.eval();
        try
        {
            using var noGrad = no_grad();
            return Logits(texts.Select(t => _tokenizer.Encode(t)).ToArray()).Select(row => Array.IndexOf(row, row.Max())).ToArray();
        }
        finally
        {
            if (wasTraining) _classifier.train();
        }
    }

    // A fixed subset spread evenly over the training examples (task files often list one label's examples in a run).
    private IEnumerable<int> TrainEvalIndices =>
        Enumerable.Range(0, _evalExamples).Select(i => (int)((long)i * _train.Length / _evalExamples));

    public void WriteModel(string folder)
    {
        _tokenizer.Save(Path.Combine(folder, Checkpoint.TokenizerFile));
        _classifier.Backbone.save_safetensors(Path.Combine(folder, Checkpoint.ModelFile)); // still a GPT checkpoint: `gptlab sample` reads it
        _classifier.Head.save_safetensors(Path.Combine(folder, HeadFile)); // keys weight, bias of the head
        File.WriteAllText(Path.Combine(folder, LabelsFile), System.Text.Json.JsonSerializer.Serialize(_data.Labels, Json.Options));
    }

    private (double Loss, double Accuracy) Score(int[][] texts, int[] labels)
    {
        var logits = Logits(texts);
        var (loss, correct) = (0.0, 0);
        for (var i = 0; i < logits.Length; i++)
        {
            var row = logits[i];
            var max = row.Max();
            var logSum = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            loss += logSum - row[labels[i]];
            if (Array.IndexOf(row, max) == labels[i]) correct++;
        }
        return (loss / logits.Length, correct / (double)logits.Length);
    }

    // Logits per text: a text longer than the context is cut into consecutive windows whose logits are averaged,
    // so every part of it counts (training sees random windows of the same texts).
    private float[][] Logits(int[][] texts)
    {
        var T = _classifier.Backbone.Config.BlockSize;
        var windows = texts.SelectMany((t, i) => (t.Length == 0 ? [t] : t.Chunk(T)).Select(w => (Text: i, Ids: w))).ToArray();
        var sums = new float[texts.Length][];
        var counts = new int[texts.Length];
        foreach (var chunk in windows.Chunk(_batchSize))
        {
            using var scope = NewDisposeScope();
            var (ids, lengths) = Pad(chunk.Select(w => w.Ids).ToArray(), T);
            var logits = _classifier.call(ids, lengths).cpu(); // (B, classes)
            var classes = (int)logits.shape[1];
            var flat = logits.data<float>().ToArray();
            for (var b = 0; b < chunk.Length; b++)
            {
                var row = sums[chunk[b].Text] ??= new float[classes];
                for (var c = 0; c < classes; c++) row[c] += flat[b * classes + c];
                counts[chunk[b].Text]++;
            }
        }
        return sums.Select((row, i) => row.Select(v => v / counts[i]).ToArray()).ToArray();
    }

    private static int[] Window(int[] ids, int T, Random rng) =>
        ids.Length <= T ? ids : ids.AsSpan(rng.Next(ids.Length - T + 1), T).ToArray();

    // Right-pads with id 0 to the longest sequence; returns (ids (B, L), lengths (B)). Empty texts keep one pad token.
    private (Tensor Ids, Tensor Lengths) Pad(int[][] sequences, int T)
    {
        var L = Math.Clamp(sequences.Max(s => s.Length), 1, T);
        var ids = new long[sequences.Length * L];
        var lengths = new long[sequences.Length];
        for (var b = 0; b < sequences.Length; b++)
        {
            var s = sequences[b];
            for (var t = 0; t < s.Length; t++) ids[b * L + t] = s[t];
            lengths[b] = Math.Max(1, s.Length);
        }
        return (tensor(ids, [sequences.Length, L], device: Device), tensor(lengths, device: Device));
    }
}
