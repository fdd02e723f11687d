namespace GptLab.Evaluation;

/// <summary>Counts of (true label, predicted label) pairs: rows are the truth, columns the prediction.</summary>
public sealed record ConfusionMatrix(int[,] Counts)
{
    public static ConfusionMatrix From(IReadOnlyList<int> labels, IReadOnlyList<int> predictions, int classes)
    {
        if (labels.Count != predictions.Count)
            throw new ArgumentException($"{labels.Count} labels but {predictions.Count} predictions", nameof(predictions));
        var counts = new int[classes, classes];
        for (var i = 0; i < labels.Count; i++) counts[labels[i], predictions[i]]++;
        return new ConfusionMatrix(counts);
    }

    /// <summary>Share of examples on the diagonal.</summary>
    public double Accuracy
    {
        get
        {
            var (correct, total) = (0, 0);
            for (var i = 0; i < Counts.GetLength(0); i++)
                for (var j = 0; j < Counts.GetLength(1); j++)
                {
                    total += Counts[i, j];
                    if (i == j) correct += Counts[i, j];
                }
            return total == 0 ? 0 : correct / (double)total;
        }
    }
}
