namespace GptLab.Data.Tasks;

/// <summary>How a conversation of the context family tells the user's fact (<see cref="ContextTask"/>).</summary>
public enum ContextForm
{
    /// <summary>On its own, acknowledged: "My pet is a hen." → "OK.".</summary>
    Stated,

    /// <summary>In passing, in front of another request, which the assistant answers: "My pet is a hen. What is 3 + 4?" → "7".</summary>
    InPassing,

    /// <summary>Told, then changed: "My pet is a cat." → "OK.", …, "Actually, my pet is a hen." → "OK."; the answer is the new value.</summary>
    Changed,

    /// <summary>Told and asked in one message: "My pet is a hen. What is my pet?" → "Your pet is a hen.".</summary>
    SameMessage,
}
