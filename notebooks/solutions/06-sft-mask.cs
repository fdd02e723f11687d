// Solution to notebook 06's exercise, "the loss mask and the masked loss". Tests run it through SftMaskCheck (it must
// pass), beside wrong answers (they must fail). Open it once your own version runs.
using GptLab.Chat;
using static TorchSharp.torch;

namespace GptLab.Solutions;

public static class SftMaskSolution
{
    public static bool[] MyMask(int[] ids, ChatTemplate template)
    {
        var isTarget = new bool[ids.Length];
        var inAnswer = false; // between <|assistant|> and its <|end|>
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] == template.AssistantId) { inAnswer = true; continue; } // the role token itself: no loss
            isTarget[i] = inAnswer; // the answer's words, and its end token: the model learns to stop
            if (ids[i] == template.EndId) inAnswer = false;
        }
        return isTarget;
    }

    public static Tensor MyLoss(Tensor logits, int[] ids, bool[] isTarget)
    {
        // Row t of the logits (T, V) predicts token t + 1: keep the rows whose next token is a target.
        var rows = Enumerable.Range(0, ids.Length - 1).Where(t => isTarget[t + 1]).Select(t => (long)t).ToArray();
        var next = tensor(rows.Select(t => (long)ids[t + 1]).ToArray());
        var logProbabilities = logits.index_select(0, tensor(rows)).log_softmax(1); // (targets, V)
        return -logProbabilities.gather(1, next.unsqueeze(1)).mean();
    }
}
