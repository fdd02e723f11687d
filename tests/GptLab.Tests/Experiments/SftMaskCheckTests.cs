using GptLab.Experiments;
using GptLab.Solutions;
using GptLab.Tests.Chat;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>Notebook 06's exercise: the solution's mask and loss pass their checks, each kind of mistake fails with its own hint.</summary>
public class SftMaskCheckTests
{
    private static readonly GptLab.Chat.ChatTemplate Template = ChatFixture.Template;

    [Fact]
    public void TheSolutionIsTheTemplatesMaskAndTheObjectivesLoss()
    {
        var (maskRight, maskMessage) = SftMaskCheck.CompareMask(SftMaskSolution.MyMask, Template);
        Assert.True(maskRight, maskMessage);
        var (lossRight, lossMessage) = SftMaskCheck.CompareLoss(SftMaskSolution.MyLoss, Template);
        Assert.True(lossRight, lossMessage);
    }

    [Fact]
    public void EachWrongMaskFailsWithItsOwnHint()
    {
        bool[] Shifted(int[] ids, GptLab.Chat.ChatTemplate t, Func<int, int, bool[], bool> change)
        {
            var mask = SftMaskSolution.MyMask(ids, t);
            return [.. mask.Select((m, i) => change(ids[i], i, mask))];
        }
        (SftMaskCheck.Mask Mask, string Hint)[] wrong =
        [
            ((ids, _) => new bool[ids.Length], "some of the assistant's words are unmarked"), // the notebook's first guess
            ((ids, t) => Shifted(ids, t, (id, i, m) => m[i] && id != t.EndId), "the end token after an answer is a target too"),
            ((ids, t) => Shifted(ids, t, (id, i, m) => m[i] || id == t.AssistantId), "a role token is never a target"),
            ((ids, t) => Shifted(ids, t, (id, i, m) => !t.IsControl(id) || m[i]), "text that is not the assistant's"),
            ((ids, _) => new bool[ids.Length - 1], "every id needs a yes or a no"),
        ];
        foreach (var (mask, hint) in wrong)
        {
            var (right, message) = SftMaskCheck.CompareMask(mask, Template);
            Assert.False(right, hint);
            Assert.Contains(hint, message);
        }
    }

    [Fact]
    public void EachWrongLossFailsWithItsOwnHint()
    {
        static Tensor AllPositions(Tensor logits, int[] ids, bool[] _) =>
            -logits.log_softmax(1).gather(1, tensor(ids[1..].Select(i => (long)i).ToArray()).unsqueeze(1)).mean();
        (SftMaskCheck.Loss Loss, string Hint)[] wrong =
        [
            ((logits, _, _) => logits.sum() * 0, "pair them so"), // the notebook's first guess
            (AllPositions, "averaged over every position"),
            ((logits, ids, mask) => SftMaskSolution.MyLoss(logits, [.. ids[1..], ids[^1]], mask), "pair them so"), // off by one
            ((logits, ids, mask) => logits.log_softmax(1).sum(1), "one number"),
        ];
        foreach (var (loss, hint) in wrong)
        {
            using var scope = NewDisposeScope();
            var (right, message) = SftMaskCheck.CompareLoss(loss, Template);
            Assert.False(right, hint);
            Assert.Contains(hint, message);
        }
    }
}
