using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// The last rows of a frozen token embedding, trained beside LoRA's adapters: the tokens a fine-tuning added to the
/// vocabulary (the chat tokens GPT-2 lacks, <c>ChatVocabulary</c>) start as equal rows and must learn different ones.
/// The embedding and the head tied to it read W + D, with D (rows, C) added to W's last rows and starting at zero, so a
/// fresh adapter changes nothing. Training D rather than all of W keeps the gradient and AdamW's two moments at rows × C
/// numbers instead of vocab × C (GPT-2: 2,304 instead of 38.6 M), and the head's backward computes the weight gradient
/// of those columns alone. PEFT's trainable tokens (<c>trainable_token_indices</c>) train the same delta.
/// </summary>
internal sealed class TokenRowsAdapter : nn.Module
{
    private readonly Parameter rows; // (n, C): D, added to the embedding's rows First … vocab − 1

    public TokenRowsAdapter(long vocabSize, long nEmbd, int count) : base(nameof(TokenRowsAdapter))
    {
        rows = new Parameter(zeros(count, nEmbd));
        First = vocabSize - count;
        Count = count;
        RegisterComponents();
    }

    /// <summary>The first id whose row trains.</summary>
    public long First { get; }

    public long Count { get; }

    /// <summary>The rows' addition to the embedding of ids (B, T): D[id − First] for a trained id, zero for the others (B, T, C).</summary>
    /// <remarks>No dispose scope of its own: the caller's scope collects the intermediates.</remarks>
    public Tensor Embed(Tensor idx)
    {
        var trained = idx.ge(First).unsqueeze(-1).to_type(rows.dtype); // (B, T, 1): 1 where the id is an added one
        var picked = rows.index_select(0, (idx - First).clamp_min(0).flatten()).view([.. idx.shape, rows.shape[1]]); // (B, T, C)
        return picked * trained;
    }

    /// <summary>
    /// Logits (…, vocab) of hidden states x (…, C) with the rows' part of the tied head added in place: column
    /// First + j gains x·D[j].
    /// </summary>
    public Tensor AddToLogits(Tensor logits, Tensor x)
    {
        using var scope = NewDisposeScope();
        logits.narrow(-1, First, Count).add_(nn.functional.linear(x.to_type(logits.dtype), rows)); // (…, n)
        return logits;
    }

    /// <summary>W + D on W's last rows (vocab, C): the plain embedding that computes what W and this adapter compute together.</summary>
    public Tensor Merge(Tensor weight)
    {
        using var noGrad = no_grad();
        var merged = weight.to_type(rows.dtype, copy: true); // W in bf16 (a bf16 LoRA base) + D in fp32, as Embed adds them
        using (var last = merged.narrow(0, First, Count)) last.add_(rows);
        return merged;
    }
}
