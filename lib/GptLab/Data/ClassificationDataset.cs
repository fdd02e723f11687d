namespace GptLab.Data;

/// <summary>A labelled text task with a fixed train/test split, for discriminative fine-tuning (GPT-1's second stage).</summary>
public sealed class ClassificationDataset
{
    public ClassificationDataset(IReadOnlyList<string> labels, IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> test)
    {
        if (labels.Count < 2) throw new GptLabException($"a classification task needs at least 2 labels, got {labels.Count}: add training examples of another label");
        if (train.Count == 0 || test.Count == 0) throw new GptLabException($"a classification task needs training and test examples, got {train.Count} and {test.Count}: add lines to the empty split");
        Labels = labels;
        Train = train;
        Test = test;
    }

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<LabeledText> Train { get; }

    public IReadOnlyList<LabeledText> Test { get; }

    /// <summary>
    /// A task from two UTF-8 files with one example per line, <c>label&lt;TAB&gt;text</c> (blank lines are skipped). Labels
    /// are numbered in the order they first appear in <paramref name="trainPath"/>; the test file may only use those.
    /// </summary>
    public static ClassificationDataset FromTsv(string trainPath, string testPath)
    {
        var labels = new List<string>();
        var train = ReadTsv(trainPath, labels, addLabels: true);
        if (train.Count == 0) throw new GptLabException($"'{trainPath}' has no examples: put one 'label<TAB>text' line per training example in it");
        var test = ReadTsv(testPath, labels, addLabels: false);
        if (test.Count == 0) throw new GptLabException($"'{testPath}' has no examples: put one 'label<TAB>text' line per test example in it");
        return new ClassificationDataset(labels, train, test);
    }

    private static List<LabeledText> ReadTsv(string path, List<string> labels, bool addLabels)
    {
        if (!File.Exists(path)) throw new GptLabException($"no file at '{path}': pass a UTF-8 file with one 'label<TAB>text' line per example");
        var examples = new List<LabeledText>();
        var lineNumber = 0;
        var text = IO.InputFile.ReadAllText(path, IO.InputFile.MaxCorpusBytes, $"labelled file '{path}'", "pass a UTF-8 file with one 'label<TAB>text' line per example");
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var tab = line.IndexOf('\t');
            if (tab <= 0 || string.IsNullOrWhiteSpace(line[(tab + 1)..]))
                throw new GptLabException($"{path}:{lineNumber} is not 'label<TAB>text': put the label, one tab, then the text on each line");
            var label = line[..tab].Trim();
            var index = labels.IndexOf(label);
            if (index < 0 && !addLabels)
                throw new GptLabException($"{path}:{lineNumber} has label '{label}', which no training example has: the test set may only use the training labels ({string.Join(", ", labels)})");
            if (index < 0) labels.Add(label);
            examples.Add(new LabeledText(line[(tab + 1)..], index < 0 ? labels.Count - 1 : index));
        }
        return examples;
    }

    /// <summary>Accuracy of always answering the most frequent training label: the bar a classifier must clear.</summary>
    public double MajorityBaseline()
    {
        var majority = Train.GroupBy(e => e.Label).MaxBy(g => g.Count())!.Key;
        return Test.Count(e => e.Label == majority) / (double)Test.Count;
    }
}
