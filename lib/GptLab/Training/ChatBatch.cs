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
        var T = Width(conversations);
        var targets = new long[conversations.Count * T];
        Array.Fill(targets, Ignore);
        foreach (var (position, id, _) in TargetTokens(conversations, T)) targets[position] = id;
        return (Inputs(template, conversations, T, device), tensor(targets, [conversations.Count, T], device: device));
    }

    /// <summary>
    /// <see cref="Of"/>'s inputs (N, T), and its targets as a list found on the host: for each of the K targets its flat
    /// position in (N·T), its token and its conversation's row. A loss that needs the head's logits only there reads them
    /// (K, C) instead of (N·T, C), without asking the device which targets are set.
    /// </summary>
    public static (Tensor Inputs, Tensor Positions, Tensor Ids, Tensor Rows) Targets(ChatTemplate template, IReadOnlyList<ChatTokens> conversations, Device device)
    {
        var T = Width(conversations);
        var targets = TargetTokens(conversations, T).ToArray();
        return (Inputs(template, conversations, T, device), tensor(targets.Select(t => t.Position).ToArray(), device: device),
            tensor(targets.Select(t => t.Id).ToArray(), device: device), tensor(targets.Select(t => t.Row).ToArray(), device: device));
    }

    // T: the longest conversation less one (inputs are every token but the last).
    private static int Width(IReadOnlyList<ChatTokens> conversations) => conversations.Max(c => c.Length) - 1;

    private static Tensor Inputs(ChatTemplate template, IReadOnlyList<ChatTokens> conversations, int T, Device device)
    {
        var inputs = new long[conversations.Count * T];
        Array.Fill(inputs, template.EndOfTextId); // padding after the end: never a target, so its value is unused
        for (var b = 0; b < conversations.Count; b++)
            for (var t = 0; t + 1 < conversations[b].Length; t++) inputs[b * T + t] = conversations[b].Ids[t];
        return tensor(inputs, [conversations.Count, T], device: device);
    }

    // Every target of the batch: the token t + 1 of row b where IsTarget marks it, at flat position b·T + t.
    private static IEnumerable<(long Position, long Id, long Row)> TargetTokens(IReadOnlyList<ChatTokens> conversations, int T)
    {
        for (var b = 0; b < conversations.Count; b++)
            for (var t = 0; t + 1 < conversations[b].Length; t++)
                if (conversations[b].IsTarget[t + 1]) yield return ((long)b * T + t, conversations[b].Ids[t + 1], b);
    }
}
