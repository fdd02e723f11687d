namespace GptLab.Data.Tasks;

/// <summary>
/// One comparison for preference tuning: a prompt and two answers to it, the preferred one first (InstructGPT's
/// labelers ranked several; DPO and a reward model learn from pairs). <paramref name="Unit"/> names what the pair is
/// about (a person): pairs about one unit rise and fall together, and a held-out test shares no unit with training.
/// </summary>
public sealed record PreferencePair(string Family, IReadOnlyList<ChatMessage> Prompt, string Chosen, string Rejected, string Unit)
{
    /// <summary>The conversation that ends in the preferred answer.</summary>
    public IReadOnlyList<ChatMessage> WithChosen => [.. Prompt, ChatMessage.FromAssistant(Chosen)];

    /// <summary>The conversation that ends in the other answer.</summary>
    public IReadOnlyList<ChatMessage> WithRejected => [.. Prompt, ChatMessage.FromAssistant(Rejected)];
}
