using GptLab.Model;
using GptLab.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// The chat tokens for a base that lacks them: a model GptLab did not pretrain (an imported GPT-2) has no
/// <c>&lt;|user|&gt;</c>, <c>&lt;|assistant|&gt;</c> or <c>&lt;|end|&gt;</c>, and GPT-2's 50,257 ids are all taken. The tokenizer
/// gets them as new ids after its own, the token embedding (and the head tied to it) as many new rows, each the mean
/// of the existing rows: a new token starts as an average token, so the logits of every old token are unchanged.
/// </summary>
public static class ChatVocabulary
{
    /// <summary>The chat tokens <paramref name="tokenizer"/> lacks.</summary>
    public static IReadOnlyList<string> Missing(ITokenizer tokenizer) => [.. SpecialTokens.Chat.Where(t => !tokenizer.SpecialTokens.ContainsKey(t))];

    /// <summary>
    /// A copy of <paramref name="model"/> and its tokenizer with the missing chat tokens added, or null when nothing is
    /// missing or the tokenizer cannot take new ids (a char or BPE tokenizer: pretrain with a chat profile instead). The
    /// caller disposes the copy.
    /// </summary>
    public static (Gpt Model, ITokenizer Tokenizer)? Extend(Gpt model, ITokenizer tokenizer)
    {
        var missing = Missing(tokenizer);
        if (missing.Count == 0 || tokenizer is not Gpt2Tokenizer gpt2) return null;
        var grown = new Gpt2Tokenizer([.. gpt2.AddedSpecialTokens, .. missing]);
        var larger = new Gpt(model.Config with { VocabSize = grown.VocabSize }, model.Dtype);
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var old = model.state_dict();
            foreach (var (name, parameter) in larger.state_dict())
            {
                if (name == "lm_head.weight") continue; // tied to the embedding
                var source = old[name].to(parameter.device);
                if (name == "transformer.wte.weight")
                {
                    var rows = source.shape[0];
                    parameter[..(int)rows].copy_(source);
                    parameter[(int)rows..].copy_(source.mean([0], keepdim: true).expand(parameter.shape[0] - rows, -1));
                }
                else parameter.copy_(source);
            }
        }
        larger.to(model.Device);
        return (larger, grown);
    }
}
