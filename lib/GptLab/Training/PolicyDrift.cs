using GptLab.Chat;
using GptLab.Model;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>How far a tuned policy has moved from its reference (the SFT model), on conversations both read.</summary>
public static class PolicyDrift
{
    /// <summary>
    /// Mean over the conversations' target positions of KL(π ‖ π_ref) = Σ_v π(v) (log π(v) − log π_ref(v)), in nats per
    /// token, <paramref name="batchSize"/> conversations a forward pass. The caller sets eval mode and no_grad.
    /// </summary>
    public static double PerTokenKl(Gpt policy, Gpt reference, ChatTemplate template, IReadOnlyList<ChatTokens> conversations, int batchSize, Device device)
    {
        var (total, positions) = (0.0, 0L);
        foreach (var chunk in conversations.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            var (x, y) = ChatBatch.Of(template, chunk, device);
            var mask = y.ne(ChatBatch.Ignore); // (N, T)
            var p = nn.functional.log_softmax(policy.forward(x).to_type(ScalarType.Float32), -1); // (N, T, vocab)
            var q = nn.functional.log_softmax(reference.forward(x).to_type(ScalarType.Float32), -1);
            var kl = (p.exp() * (p - q)).sum(-1); // (N, T)
            total += kl.masked_select(mask).sum().item<float>();
            positions += mask.sum().item<long>();
        }
        return total / Math.Max(1, positions);
    }
}
