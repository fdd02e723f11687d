using GptLab.Model;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// log π(y_t | x_≤t) of every target token of a chat batch (<see cref="ChatBatch.Of"/>): the one computation the policy
/// stages share (DPO sums it over an answer, RL weighs each token by its advantage). The cross-entropy of the model's
/// logits, in float32 whatever the model's precision.
/// </summary>
public static class TokenLogProbabilities
{
    /// <summary>(N, T): each position's log-probability of its target, 0 where the target is ignored. With the model's graph unless under no_grad.</summary>
    public static Tensor Of(Gpt model, Tensor x, Tensor y)
    {
        var logits = model.forward(x); // (N, T, vocab)
        var nll = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]).to_type(ScalarType.Float32), y.view(-1), ignore_index: ChatBatch.Ignore, reduction: nn.Reduction.None);
        return -nll.view(x.shape[0], -1);
    }
}
