using GptLab.Chat;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>Rendered conversations as one padded batch for next-token losses on their target tokens.</summary>
internal static class ChatBatch
{
    /// <summary>cross_entropy's ignore_index: positions that are not targets.</summary>
    public const long Ignore = -1;

    /// <summary>
    /// Inputs (N, T) and targets (N, T), T the longest conversation less one: the target at t is token t + 1 where
    /// <see cref="ChatTokens.IsTarget"/> marks it, <see cref="Ignore"/> elsewhere (padding included).
    /// </summary>
    public static (Tensor Inputs, Tensor Targets) Of(ChatTemplate template, IReadOnlyList<ChatTokens> conversations, Device device)
    {
        var T = conversations.Max(c => c.Length) - 1;
        var inputs = new long[conversations.Count * T];
        var targets = new long[conversations.Count * T];
        Array.Fill(inputs, template.EndOfTextId); // padding after the end: never a target, so its value is unused
        Array.Fill(targets, Ignore);
        for (var b = 0; b < conversations.Count; b++)
        {
            var (ids, isTarget) = (conversations[b].Ids, conversations[b].IsTarget);
            for (var t = 0; t + 1 < ids.Length; t++)
            {
                inputs[b * T + t] = ids[t];
                if (isTarget[t + 1]) targets[b * T + t] = ids[t + 1];
            }
        }
        return (tensor(inputs, [conversations.Count, T], device: device), tensor(targets, [conversations.Count, T], device: device));
    }
}
