using GptLab.Experiments;
using GptLab.Solutions;
using GptLab.Tokenization;

namespace GptLab.Tests.Experiments;

/// <summary>Notebook 01's BPE merge exercise: the solution passes its check, each kind of mistake fails it with its own hint, and no hint names the right pair.</summary>
public class BpeMergeCheckTests
{
    private static readonly string Corpus = File.ReadAllText(TestPaths.Shakespeare)[..200_000];

    [Fact]
    public void TheSolutionIsTheTrainersFirstMerge()
    {
        var (right, message) = BpeMergeCheck.Compare(FirstMergeSolution.MyFirstMerge, Corpus);
        Assert.True(right, message);
        // The trainer's first merge is the pair its tokenizer joins: a 257-id BPE encodes that pair as one token.
        var (left, rightId) = BpeTrainer.FirstMerge(BpeTrainer.Words(Corpus));
        var merged = System.Text.Encoding.Latin1.GetString([(byte)left, (byte)rightId]);
        Assert.Single(BpeTrainer.Train(Corpus, 257).Encode(merged));
    }

    [Fact]
    public void EachKindOfMistakeFailsWithItsOwnHintAndNoneNamesThePair()
    {
        static Dictionary<(int, int), long> Counts(IReadOnlyList<(int[] Ids, long Count)> words, bool weighted)
        {
            var counts = new Dictionary<(int, int), long>();
            foreach (var (ids, count) in words)
                for (var i = 0; i + 1 < ids.Length; i++)
                    counts[(ids[i], ids[i + 1])] = counts.GetValueOrDefault((ids[i], ids[i + 1])) + (weighted ? count : 1);
            return counts;
        }
        BpeMergeCheck.FirstMerge[] wrong =
        [
            _ => (0, 0), // the notebook's first guess
            words => Counts(words, weighted: false).OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key,
            words => Counts(words, weighted: true).OrderByDescending(p => p.Value).ThenByDescending(p => p.Key).First().Key,
            words => Counts(words, weighted: true).OrderBy(p => p.Value).ThenBy(p => p.Key).First().Key,
            _ => throw new InvalidOperationException("not written yet"),
        ];
        string[] hints = ["never two neighbouring ids", "each distinct word once", "not the one ties go to", "a more frequent pair exists", "threw InvalidOperationException"];
        foreach (var (merge, hint) in wrong.Zip(hints))
        {
            var (right, message) = BpeMergeCheck.Compare(merge, Corpus);
            Assert.False(right, hint);
            Assert.Contains(hint, message);
            Assert.DoesNotMatch(@"\d\d", message); // no id: the pairs these texts merge first are printable bytes, 32 and above
        }
    }
}
