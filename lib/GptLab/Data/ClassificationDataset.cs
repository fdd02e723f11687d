namespace GptLab.Data;

/// <summary>A labelled text task with a fixed train/test split, for discriminative fine-tuning (GPT-1's second stage).</summary>
public sealed class ClassificationDataset
{
    public ClassificationDataset(IReadOnlyList<string> labels, IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> test)
    {
        if (labels.Count < 2) throw new GptLabException($"a classification task needs at least 2 labels, got {labels.Count}");
        if (train.Count == 0 || test.Count == 0) throw new GptLabException("a classification task needs training and test examples");
        Labels = labels;
        Train = train;
        Test = test;
    }

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<LabeledText> Train { get; }

    public IReadOnlyList<LabeledText> Test { get; }

    /// <summary>Accuracy of always answering the most frequent training label: the bar a classifier must clear.</summary>
    public double MajorityBaseline()
    {
        var majority = Train.GroupBy(e => e.Label).MaxBy(g => g.Count())!.Key;
        return Test.Count(e => e.Label == majority) / (double)Test.Count;
    }
}
