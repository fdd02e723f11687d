using System.Text.Json;
using GptLab.Configuration;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Model;
using GptLab.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// A classifier that <see cref="ClassifierStage"/> trained, loaded back from its run folder: the checkpoint's transformer,
/// the head it saved beside it (<c>classifier.safetensors</c>) and its labels (<c>labels.json</c>). <c>gptlab classify
/// --predict</c> uses it.
/// </summary>
public sealed class TrainedClassifier : IDisposable
{
    private readonly Checkpoint _checkpoint;
    private readonly TextClassifier _classifier;

    private TrainedClassifier(Checkpoint checkpoint, IReadOnlyList<string> labels, TextClassifier classifier)
    {
        _checkpoint = checkpoint;
        Labels = labels;
        _classifier = classifier;
    }

    /// <summary>The class names, in the order of the head's outputs.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Loads the classifier of run <paramref name="run"/>; a run that is not a classifier is a one-line error naming the fix.</summary>
    public static TrainedClassifier Load(RunFolder run, Device device)
    {
        var checkpoint = Checkpoint.Load(run.Path, device);
        try
        {
            if (checkpoint.Meta.Config.Stage != Stage.Classifier)
                throw new GptLabException($"run '{run.Name}' is a {checkpoint.Meta.Config.Stage} model, not a classifier: train one with `gptlab classify --name {run.Name}`, or name a classifier run");
            var (headPath, labelsPath) = (Path.Combine(checkpoint.Folder, RunFiles.ClassifierHead), Path.Combine(checkpoint.Folder, RunFiles.Labels));
            if (!File.Exists(headPath) || !File.Exists(labelsPath))
                throw new GptLabException($"run '{run.Name}' has no {RunFiles.ClassifierHead} or {RunFiles.Labels} in {checkpoint.Folder}: train it again with `gptlab classify`");
            var labels = ReadLabels(labelsPath);
            var classifier = new GptClassifier(checkpoint.Model, labels.Count);
            try
            {
                classifier.Head.load_safetensors(headPath, strict: true);
            }
            catch (Exception e) when (e is not GptLabException and not OutOfMemoryException)
            {
                throw new GptLabException($"run '{run.Name}': {RunFiles.ClassifierHead} does not fit {labels.Count} labels and the model's width ({e.Message.Split('\n')[0]}): train it again with `gptlab classify`");
            }
            classifier.to(device);
            return new TrainedClassifier(checkpoint, labels, new TextClassifier(classifier, checkpoint.Tokenizer, batchSize: 16));
        }
        catch
        {
            checkpoint.Dispose();
            throw;
        }
    }

    /// <summary>The classifier applied to whole texts (label indices, scores), for accuracy per word or a confusion matrix.</summary>
    public TextClassifier Classifier => _classifier;

    /// <summary>The predicted label of each text.</summary>
    public IReadOnlyList<string> Predict(IEnumerable<string> texts) => [.. _classifier.Predict(texts).Select(i => Labels[i])];

    public void Dispose() => _checkpoint.Dispose();

    private static IReadOnlyList<string> ReadLabels(string path)
    {
        try
        {
            var labels = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path));
            return labels is { Length: >= 2 } ? labels : throw new GptLabException($"{path} must list at least two labels: train the classifier again with `gptlab classify`");
        }
        catch (JsonException e)
        {
            throw new GptLabException($"{path} is not a JSON list of labels ({e.Message}): train the classifier again with `gptlab classify`");
        }
    }
}
