using GptLab.Data.Tasks;
using GptLab.Tokenization;

namespace GptLab.Chat;

/// <summary>
/// The chat format: <c>&lt;|endoftext|&gt;</c>, then each turn as its role token, its text and <c>&lt;|end|&gt;</c>
/// (<c>&lt;|user|&gt;Hi&lt;|end|&gt;&lt;|assistant|&gt;Hello!&lt;|end|&gt;</c>). Role and end tokens are special ids
/// that only this class emits: text that spells one (a user typing "&lt;|end|&gt;") is encoded as ordinary characters,
/// so no input can forge a turn. Each turn's text is encoded as if a space came before it (<see cref="SpaceBeforeText"/>),
/// so the first word of an answer is the same token as that word inside the question: with the chat-cpu tokenizer, 80
/// of the copy family's 100 words are one token after a space, 8 without one.
/// </summary>
public sealed class ChatTemplate
{
    private readonly ITokenizer _tokenizer;

    public ChatTemplate(ITokenizer tokenizer, bool spaceBeforeText = true)
    {
        _tokenizer = tokenizer;
        SpaceBeforeText = spaceBeforeText;
        var missing = SpecialTokens.Chat.Where(t => !tokenizer.SpecialTokens.ContainsKey(t)).ToList();
        if (missing.Count > 0)
            throw new GptLabException($"the tokenizer has no {string.Join(", ", missing)} token: chat needs a base model pretrained with a chat profile (gptlab pretrain --profile chat-cpu)");
        EndOfTextId = tokenizer.SpecialTokens[SpecialTokens.EndOfText];
        UserId = tokenizer.SpecialTokens[SpecialTokens.User];
        AssistantId = tokenizer.SpecialTokens[SpecialTokens.Assistant];
        EndId = tokenizer.SpecialTokens[SpecialTokens.End];
    }

    public ITokenizer Tokenizer => _tokenizer;

    /// <summary>
    /// Whether a turn's text is encoded after a space (" red cat", the default) or as it is ("red cat": the tokenization
    /// A/B of notebook 06). Replies are decoded without that space.
    /// </summary>
    public bool SpaceBeforeText { get; }

    public int EndOfTextId { get; }

    public int UserId { get; }

    public int AssistantId { get; }

    public int EndId { get; }

    /// <summary>True for the ids that mark structure (roles, end of turn, end of text): never part of an answer.</summary>
    public bool IsControl(int id) => id == EndOfTextId || id == UserId || id == AssistantId || id == EndId;

    /// <summary>
    /// Ids and training targets of a whole conversation. Targets are the assistant turns' text and end tokens; with
    /// <paramref name="allTokens"/> every token after the first is a target (the prompt-masking A/B).
    /// </summary>
    public ChatTokens Render(IReadOnlyList<ChatMessage> messages, bool allTokens = false)
    {
        var ids = new List<int> { EndOfTextId };
        var targets = new List<bool> { false };
        foreach (var message in messages)
        {
            var assistant = message.Role == ChatMessage.Assistant;
            ids.Add(RoleId(message.Role));
            targets.Add(allTokens);
            var text = EncodeTurn(message.Content);
            ids.AddRange(text);
            targets.AddRange(Enumerable.Repeat(assistant || allTokens, text.Length));
            ids.Add(EndId);
            targets.Add(assistant || allTokens); // the model learns to stop
        }
        return new ChatTokens([.. ids], [.. targets]);
    }

    /// <summary>The ids to generate a reply from: the conversation so far, then <c>&lt;|assistant|&gt;</c>.</summary>
    public int[] RenderPrompt(IReadOnlyList<ChatMessage> messages) => [.. Render(messages).Ids, AssistantId];

    /// <summary>
    /// Encodes text with every special-token spelling kept as plain characters: the text is cut inside each
    /// occurrence and the pieces encoded apart, so the tokenizer never sees a whole special token. Decoding gives
    /// the text back unchanged.
    /// </summary>
    public int[] EncodeText(string text)
    {
        var cuts = new SortedSet<int>();
        foreach (var special in _tokenizer.SpecialTokens.Keys)
            for (var at = text.IndexOf(special, StringComparison.Ordinal); at >= 0; at = text.IndexOf(special, at + 1, StringComparison.Ordinal))
                cuts.Add(at + 1);
        if (cuts.Count == 0) return _tokenizer.Encode(text);
        var ids = new List<int>();
        var start = 0;
        foreach (var cut in cuts.Append(text.Length))
        {
            if (cut > start) ids.AddRange(_tokenizer.Encode(text[start..cut]));
            start = cut;
        }
        return [.. ids];
    }

    /// <summary>One turn's text as <see cref="Render"/> encodes it: after a space when <see cref="SpaceBeforeText"/>.</summary>
    public int[] EncodeTurn(string content) => EncodeText(SpaceBeforeText ? " " + content : content);

    /// <summary>A reply's text: <see cref="DecodeText"/> without the space <see cref="EncodeTurn"/> puts before a turn.</summary>
    public string DecodeReply(IEnumerable<int> ids) => WithoutTurnSpace(DecodeText(ids));

    /// <summary>The start of a reply's text without the space before a turn, if it has one.</summary>
    public string WithoutTurnSpace(string text) => SpaceBeforeText && text.StartsWith(' ') ? text[1..] : text;

    /// <summary>Text of generated ids, control ids left out (they are never words of the answer).</summary>
    public string DecodeText(IEnumerable<int> ids) => _tokenizer.Decode(ids.Where(id => !IsControl(id)));

    private int RoleId(string role) => role switch
    {
        ChatMessage.User => UserId,
        ChatMessage.Assistant => AssistantId,
        _ => throw new GptLabException($"unknown chat role '{role}': use \"{ChatMessage.User}\" or \"{ChatMessage.Assistant}\""),
    };
}
