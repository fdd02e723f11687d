using System.Text.RegularExpressions;

namespace GptLab.Data;

/// <summary>A labelled text task with a fixed train/test split, for discriminative fine-tuning (GPT-1's second stage).</summary>
public sealed partial class ClassificationDataset
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

    /// <summary>
    /// "Who speaks this line?" from a play script such as tiny Shakespeare: each turn is a <c>NAME:</c> line and the
    /// speech under it. Keeps the <paramref name="speakers"/> named (or the <paramref name="top"/> with most turns);
    /// every <paramref name="testEvery"/>-th turn of each speaker goes to the test split, so both splits span the plays.
    /// </summary>
    public static ClassificationDataset Speakers(string script, IReadOnlyList<string>? speakers = null, int top = 4, int testEvery = 5)
    {
        var turns = new List<(string Speaker, string Speech)>();
        foreach (var block in script.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Trim('\n').Split('\n');
            if (lines.Length < 2 || !SpeakerLine().IsMatch(lines[0])) continue;
            turns.Add((lines[0][..^1], string.Join('\n', lines[1..])));
        }
        var chosen = speakers ?? turns.GroupBy(t => t.Speaker).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(top).Select(g => g.Key).ToList();
        var missing = chosen.Where(s => turns.All(t => t.Speaker != s)).ToList();
        if (missing.Count > 0)
            throw new GptLabException($"no turns by {string.Join(", ", missing)} in the script: name speakers that appear as 'NAME:' lines");

        var (train, test) = (new List<LabeledText>(), new List<LabeledText>());
        var seen = new int[chosen.Count];
        foreach (var (speaker, speech) in turns)
        {
            var label = IndexOf(chosen, speaker);
            if (label < 0) continue;
            (seen[label]++ % testEvery == testEvery - 1 ? test : train).Add(new LabeledText(speech, label));
        }
        return new ClassificationDataset(chosen, train, test);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    [GeneratedRegex(@"^[A-Z][A-Za-z' ]*:$")]
    private static partial Regex SpeakerLine();
}
