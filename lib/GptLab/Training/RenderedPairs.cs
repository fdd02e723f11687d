using GptLab.Chat;
using GptLab.Data.Tasks;

namespace GptLab.Training;

/// <summary>Preference pairs as the two conversations they compare, rendered with the chat template.</summary>
internal static class RenderedPairs
{
    /// <summary>
    /// Each pair's chosen and rejected conversation, leaving out (and counting in <paramref name="dropped"/>) a pair with a
    /// conversation longer than <paramref name="maxTokens"/> or two answers that render alike (nothing to prefer). A
    /// next-token objective reads all tokens but the last (block size + 1 fit); a reward model reads them all (block size).
    /// </summary>
    public static (ChatTokens Chosen, ChatTokens Rejected)[] Fit(ChatTemplate template, IReadOnlyList<PreferencePair> pairs, int maxTokens, out int dropped)
    {
        var rendered = pairs.Select(p => (Chosen: template.Render(p.WithChosen), Rejected: template.Render(p.WithRejected)))
            .Where(p => p.Chosen.Length <= maxTokens && p.Rejected.Length <= maxTokens && !p.Chosen.Ids.SequenceEqual(p.Rejected.Ids)).ToArray();
        dropped = pairs.Count - rendered.Length;
        return rendered;
    }
}
