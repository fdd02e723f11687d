namespace GptLab.Data.Tasks;

/// <summary>One turn of a conversation. <see cref="Role"/> is <see cref="User"/> or <see cref="Assistant"/>.</summary>
public sealed record ChatMessage(string Role, string Content)
{
    public const string User = "user";
    public const string Assistant = "assistant";

    public static ChatMessage FromUser(string content) => new(User, content);

    public static ChatMessage FromAssistant(string content) => new(Assistant, content);
}
