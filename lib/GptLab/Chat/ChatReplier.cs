using GptLab.Model;
using GptLab.Sampling;

namespace GptLab.Chat;

/// <summary>
/// Generates one assistant turn: samples after a rendered prompt until the model closes the turn with
/// <c>&lt;|end|&gt;</c>, starts another role, or reaches the token limit. Shared by evaluation and <see cref="ChatSession"/>.
/// </summary>
public sealed class ChatReplier
{
    private readonly Gpt _model;
    private readonly Sampler _sampler;

    public ChatReplier(Gpt model, ChatTemplate template)
    {
        _model = model;
        Template = template;
        _sampler = new Sampler(model, template.Tokenizer);
    }

    public ChatTemplate Template { get; }

    /// <summary>The model's context length (block_size).</summary>
    public int ContextLength => _model.Config.BlockSize;

    /// <summary>
    /// The reply's ids, streamed; the closing control id (end, or a role the model wrongly started) is yielded last.
    /// Generation stops at the context's end: the prompt plus the reply never exceed block_size.
    /// </summary>
    public IEnumerable<int> ReplyIds(int[] prompt, SamplingOptions options)
    {
        var room = ContextLength - prompt.Length;
        if (room <= 0)
            throw new GptLabException($"the conversation is {prompt.Length} tokens but the model's context is {ContextLength}: shorten it or start over");
        foreach (var id in _sampler.GenerateIds(prompt, options with { MaxNewTokens = Math.Min(options.MaxNewTokens, room) }))
        {
            yield return id;
            if (Template.IsControl(id)) yield break;
        }
    }

    /// <summary>The reply's text as it arrives (control ids left out; half characters held back until complete).</summary>
    public IEnumerable<string> ReplyText(int[] prompt, SamplingOptions options, List<int> ids)
    {
        var decoder = new StreamingDecoder(Template.DecodeText);
        var started = false;
        string Text(string piece) // the reply's first text loses the space the template puts before a turn
        {
            if (started || piece.Length == 0) return piece;
            started = true;
            return Template.WithoutTurnSpace(piece);
        }
        foreach (var id in ReplyIds(prompt, options))
        {
            ids.Add(id);
            var piece = Text(decoder.Push(id));
            if (piece.Length > 0) yield return piece;
        }
        var rest = Text(decoder.Flush());
        if (rest.Length > 0) yield return rest;
    }
}
