using GptLab.Data.Tasks;
using GptLab.Model;
using GptLab.Sampling;
using GptLab.Tokenization;

namespace GptLab.Chat;

/// <summary>
/// A multi-turn conversation with a chat model (what <c>gptlab chat</c> runs). Each reply sees the whole history;
/// when history and the reply's token budget outgrow the context, the oldest turns are left out (and, for a single
/// over-long message, its beginning), so no input makes it fail. After each reply it says what the model saw: the
/// messages (<see cref="Seen"/>) and the tokens they took of the context (<see cref="TokensInUse"/>).
/// </summary>
public sealed class ChatSession
{
    private readonly ChatReplier _replier;
    private readonly List<ChatMessage> _history = [];
    private int _turns;

    public ChatSession(Gpt model, ChatTemplate template, SamplingOptions options)
    {
        _replier = new ChatReplier(model, template);
        Options = options.Validate();
    }

    /// <summary>Sampling settings of the next replies (e.g. a new temperature).</summary>
    public SamplingOptions Options { get; set; }

    public IReadOnlyList<ChatMessage> History => _history;

    /// <summary>Messages the last reply could not see (oldest first were dropped to fit the context).</summary>
    public int LeftOutMessages { get; private set; }

    /// <summary>True when the last user message alone was too long and only its end was kept.</summary>
    public bool Cropped { get; private set; }

    /// <summary>The model's context in tokens: what a prompt and its reply share.</summary>
    public int ContextLength => _replier.ContextLength;

    /// <summary>Tokens of the context the last reply filled: its prompt (the messages it saw, with their role tokens) and the reply itself.</summary>
    public int TokensInUse { get; private set; }

    /// <summary>Whole exchanges (a user turn and its reply) the last reply could not see, oldest first.</summary>
    public int LeftOutExchanges => LeftOutMessages / 2; // messages are left out by whole exchanges

    /// <summary>The messages the last reply saw, then the reply: the history less what was left out.</summary>
    public IReadOnlyList<ChatMessage> Seen => [.. _history.Skip(LeftOutMessages)];

    /// <summary>Forgets the conversation.</summary>
    public void Reset()
    {
        _history.Clear();
        (LeftOutMessages, Cropped, TokensInUse) = (0, false, 0);
    }

    /// <summary>Streams the assistant's reply to <paramref name="userText"/>; both turns join the history (a reply abandoned midway with what it had).</summary>
    public IEnumerable<string> Reply(string userText)
    {
        var template = _replier.Template;
        var budget = Math.Min(Options.MaxNewTokens, _replier.ContextLength / 2); // room kept for the reply
        _history.Add(ChatMessage.FromUser(Readable(userText)));
        var prompt = FitPrompt(template, _replier.ContextLength - budget);
        var ids = new List<int>();
        var options = Options with { MaxNewTokens = budget, Seed = Options.Seed + _turns++ };
        try
        {
            foreach (var piece in _replier.ReplyText(prompt, options, ids)) yield return piece;
        }
        finally
        {
            _history.Add(ChatMessage.FromAssistant(template.DecodeReply(ids))); // also a reply cut short (Ctrl+C): turns stay paired
            TokensInUse = prompt.Length + ids.Count;
        }
    }

    // A message no context could hold whole (10 MB pasted in) loses its start before it is encoded: a context of n tokens
    // never reads more than its last n × 256 characters (EncodingChunks.MaxRun: no token spans more), and encoding the rest
    // would only cost time.
    private string Readable(string text)
    {
        var most = _replier.ContextLength * EncodingChunks.MaxRun;
        if (text.Length <= most) return text;
        var start = text.Length - most;
        return char.IsLowSurrogate(text[start]) ? text[(start + 1)..] : text[start..];
    }

    // The prompt from the newest messages that fit in maxTokens; the first kept message is a user turn.
    private int[] FitPrompt(ChatTemplate template, int maxTokens)
    {
        for (var skip = 0; skip < _history.Count; skip += 2)
        {
            var prompt = template.RenderPrompt(_history.Skip(skip).ToList());
            if (prompt.Length <= maxTokens)
            {
                (LeftOutMessages, Cropped) = (skip, false);
                return prompt;
            }
        }
        // The new message alone is too long: keep its last tokens between the role and end tokens.
        var text = template.EncodeTurn(_history[^1].Content);
        var keep = Math.Max(1, maxTokens - 4); // <|endoftext|> <|user|> … <|end|> <|assistant|>
        (LeftOutMessages, Cropped) = (_history.Count - 1, true);
        return [template.EndOfTextId, template.UserId, .. text[^Math.Min(keep, text.Length)..], template.EndId, template.AssistantId];
    }
}
