using GptLab.Experiments;
using GptLab.Model;
using GptLab.Solutions;
using static GptLab.Tests.Experiments.ExperimentModels;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>Notebook 02's attention-head exercise: the solution passes its check, each kind of mistake fails with its own hint.</summary>
public class AttentionHeadCheckTests
{
    // A small model whose queries and keys are large enough for its heads to differ clearly, as a trained model's do.
    private static Gpt Sharp()
    {
        var model = Small(seed: 3);
        using var noGrad = no_grad();
        model.state_dict()["transformer.h.0.attn.c_attn.weight"].mul_(8);
        return model;
    }

    [Fact]
    public void TheSolutionIsTheModelsAttention()
    {
        using var model = Sharp();
        var (right, message) = AttentionHeadCheck.Compare(AttentionHeadSolution.MyHead, model, Chars, Prompt);
        Assert.True(right, message);
    }

    [Fact]
    public void EachKindOfMistakeFailsWithItsOwnHint()
    {
        using var model = Sharp();
        static Tensor Solution(IReadOnlyDictionary<string, Tensor> p, int[] ids, int head, int nHead) => AttentionHeadSolution.MyHead(p, ids, head, nHead);
        (AttentionHeadCheck.Head Head, string Hint)[] wrong =
        [
            ((_, ids, _, _) => ones(ids.Length, ids.Length).tril() / ones(ids.Length, ids.Length).tril().sum(1, keepdim: true), "head 0's weights differ"), // uniform over the past
            ((p, ids, h, n) => Solution(p, ids, (h + 1) % n, n), "another head's weights"),
            ((p, ids, h, n) => Solution(p.ToDictionary(e => e.Key, e => e.Key.EndsWith("c_attn.weight") ? e.Value * 4 : e.Value), ids, h, n), "head 0's weights differ"), // no 1/√hs, in effect
            ((_, ids, _, _) => ones(ids.Length, ids.Length) / ids.Length, "attends to a later key"),
            ((_, ids, _, _) => ones(ids.Length, ids.Length).tril(), "does not add up to 1"),
            ((_, ids, _, _) => ones(ids.Length), "one row per query"),
            ((_, _, _, _) => throw new InvalidOperationException("not written yet"), "threw InvalidOperationException"),
        ];
        foreach (var (head, hint) in wrong)
        {
            using var scope = NewDisposeScope();
            var (right, message) = AttentionHeadCheck.Compare(head, model, Chars, Prompt);
            Assert.False(right, hint);
            Assert.Contains(hint, message);
        }
    }
}
