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

    /// <summary>
    /// The target positions of <see cref="Of"/>'s batch, found on the host: for each of the N targets its flat position
    /// in (B·T), its token and its conversation's row. A loss that needs the head's logits only there reads them (N, C)
    /// instead of (B·T, C), without asking the device which targets are set.
    /// </summary>
    public static (Tensor Positions, Tensor Ids, Tensor Rows) Targets(IReadOnlyList<ChatTokens> conversations, Device device)
    {
        var T = conversations.Max(c => c.Length) - 1;
        var (positions, ids, rows) = (new List<long>(), new List<long>(), new List<long>());
        for (var b = 0; b < conversations.Count; b++)
            for (var t = 0; t + 1 < conversations[b].Length; t++)
                if (conversations[b].IsTarget[t + 1])
                {
                    positions.Add((long)b * T + t);
                    ids.Add(conversations[b].Ids[t + 1]);
                    rows.Add(b);
                }
        return (tensor(positions.ToArray(), device: device), tensor(ids.ToArray(), device: device), tensor(rows.ToArray(), device: device));
    }
}
