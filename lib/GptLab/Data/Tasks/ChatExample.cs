namespace GptLab.Data.Tasks;

/// <summary>
/// A conversation for supervised fine-tuning or evaluation. It ends with the assistant's reference answer;
/// the prompt is every message before it. <see cref="Family"/> names the task family ("arithmetic", "facts", …)
/// that accuracy is reported by; <see cref="ExactAnswer"/> says whether the reference is the only right answer
/// (exact-match scoring) or one of many (open-ended: only the format is scored).
/// </summary>
public sealed record ChatExample(string Family, IReadOnlyList<ChatMessage> Messages, bool ExactAnswer = true)
{
    /// <summary>Every message before the final answer.</summary>
    public IReadOnlyList<ChatMessage> Prompt => [.. Messages.Take(Messages.Count - 1)];

    /// <summary>The final assistant message's text.</summary>
    public string Reference => Messages[^1].Content;
}
