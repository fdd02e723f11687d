using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Model;
using GptLab.Sampling;

namespace GptLab.Evaluation;

/// <summary>
/// One answer sampled from a chat model: its ids (the closing control id included when the model produced one), its
/// text, and whether it ended with the end token. <see cref="Solves"/> is the task's checker, the one greedy evaluation
/// uses (<see cref="ChatEvaluation"/>): a well-formed answer whose text is the reference.
/// </summary>
public sealed record SampledAnswer(int[] Ids, string Text, bool WellFormed)
{
    /// <summary>
    /// <paramref name="count"/> answers to <paramref name="prompt"/> (ids ending in <c>&lt;|assistant|&gt;</c>) sampled side by
    /// side (<see cref="GroupSampler"/>); an answer ends at the first control id.
    /// </summary>
    public static SampledAnswer[] Group(Gpt model, ChatTemplate template, int[] prompt, int count, double temperature, int maxNewTokens, long seed) =>
        [.. GroupSampler.Sample(model, prompt, count, temperature, maxNewTokens, template.IsControl, seed)
            .Select(ids => Of(ids, template))];

    /// <summary>The answer <paramref name="ids"/> make: its text, and whether its last id is the end token.</summary>
    public static SampledAnswer Of(int[] ids, ChatTemplate template) => new(ids, template.DecodeReply(ids), ids.Length > 0 && ids[^1] == template.EndId);

    /// <summary>Whether this answer solves <paramref name="example"/>: well formed, and its text the reference's.</summary>
    public bool Solves(ChatExample example) => WellFormed && Text.Trim() == example.Reference.Trim();
}
