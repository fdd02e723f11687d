using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Evaluation;

/// <summary>
/// A classifier applied to whole texts: a text longer than the context is cut into consecutive windows whose logits
/// are averaged, so every part of it counts (training sees random windows of the same texts). Scores labelled texts
/// (for the trainer's evaluations) and predicts labels (accuracy per word, confusion matrices).
/// </summary>
public sealed class TextClassifier
{
    private readonly GptClassifier _classifier;
    private readonly ITokenizer _tokenizer;
    private readonly int _batchSize;

    public TextClassifier(GptClassifier classifier, ITokenizer tokenizer, int batchSize)
    {
        _classifier = classifier;
        _tokenizer = tokenizer;
        _batchSize = batchSize;
    }

    /// <summary>Predicted label of each text (eval mode, no gradients).</summary>
    public int[] Predict(IEnumerable<string> texts)
    {
        using (EvalMode.Enter(_classifier))
            return [.. Logits([.. texts.Select(_tokenizer.Encode)]).Select(row => Array.IndexOf(row, row.Max()))];
    }

    /// <summary>Mean cross-entropy and accuracy of encoded <paramref name="texts"/> against <paramref name="labels"/> (the caller picks the mode).</summary>
    public (double Loss, double Accuracy) Score(int[][] texts, int[] labels)
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

    // Logits per text, averaged over its windows of block_size ids.
    private float[][] Logits(int[][] texts)
    {
        var T = _classifier.Backbone.Config.BlockSize;
        var device = _classifier.Backbone.Device;
        var windows = texts.SelectMany((t, i) => (t.Length == 0 ? [t] : t.Chunk(T)).Select(w => (Text: i, Ids: w))).ToArray();
        var sums = new float[texts.Length][];
        var counts = new int[texts.Length];
        foreach (var chunk in windows.Chunk(_batchSize))
        {
            using var scope = NewDisposeScope();
            var (ids, lengths) = GptClassifier.Pad([.. chunk.Select(w => w.Ids)], T, device);
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
        return [.. sums.Select((row, i) => row.Select(v => v / counts[i]).ToArray())];
    }
}
