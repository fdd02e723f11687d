using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>The body of the GPT, named as nanoGPT's <c>transformer</c> ModuleDict so checkpoint keys match.</summary>
internal sealed class Transformer : nn.Module
{
    private readonly Embedding wte; // token embedding, shared with lm_head
    private readonly Embedding wpe; // learned position embedding
    private readonly Dropout drop;
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;
    private TokenRowsAdapter? wte_lora; // the added tokens' rows, trained while wte stays frozen (AddTokenRows), else none
    private readonly double _dropout;

    public Transformer(GptConfig config) : base("transformer")
    {
        wte = nn.Embedding(config.VocabSize, config.NEmbd);
        wpe = nn.Embedding(config.BlockSize, config.NEmbd);
        drop = nn.Dropout(config.Dropout);
        h = nn.ModuleList(Enumerable.Range(0, config.NLayer).Select(_ => new Block(config)).ToArray());
        ln_f = nn.LayerNorm(config.NEmbd, bias: config.Bias);
        _dropout = config.Dropout;
        RegisterComponents();
    }

    public Embedding TokenEmbedding => wte;

    /// <summary>The trained rows of the added tokens, when a LoRA fine-tuning added tokens to the vocabulary.</summary>
    public TokenRowsAdapter? AddedTokenRows => wte_lora;

    /// <summary>Trains the embedding's last <paramref name="count"/> rows (of <paramref name="vocabSize"/> × <paramref name="nEmbd"/>) through a <see cref="TokenRowsAdapter"/>.</summary>
    public void AddTokenRows(long vocabSize, long nEmbd, int count)
    {
        wte_lora = new TokenRowsAdapter(vocabSize, nEmbd, count); // on the CPU, as the LoRA adapters: the stage moves the model
        register_module(nameof(wte_lora), wte_lora);
    }

    public IEnumerable<Block> Blocks => h;

    /// <summary>Whether training recomputes each block's activations in the backward pass (<see cref="RecomputedBlock"/>).</summary>
    public bool RecomputeActivations { get; set; }

    /// <summary>(B, T) ids starting at position <paramref name="start"/> → (B, T, C) final hidden states.</summary>
    /// <remarks>No dispose scope of its own: the caller's scope (Gpt.Forward) collects the intermediates.</remarks>
    public Tensor Forward(Tensor idx, int start, KvCache? cache, ScalarType? compute)
    {
        var x = Embed(idx, start); // (B, T, C)
        var recompute = RecomputeActivations && training && cache is null && is_grad_enabled();
        // Frozen embeddings (LoRA): the blocks' weights are no inputs of RecomputedBlock, so its output needs an input that
        // asks for a gradient, or autograd would never call its backward.
        if (recompute && !x.requires_grad) x = x.detach().requires_grad_(true);
        for (var i = 0; i < h.Count; i++) x = recompute ? RecomputedBlock.Apply(h[i], x, compute) : h[i].Forward(x, cache, i, compute);
        cache?.Commit();
        return ln_f.call(x);
    }

    /// <summary>
    /// A decoding step: ids (B, 1) at position <c>cache.Length</c> → (B, C) final hidden states. The same computation as
    /// <see cref="Forward"/> with T = 1, with the residual stream kept (B, C) so every Linear is one addmm (a 3-D input
    /// costs libtorch a matmul, reshapes and a separate bias add): a one-token step is mostly per-op overhead.
    /// </summary>
    public Tensor Step(Tensor idx, KvCache cache, ScalarType? compute)
    {
        var x = Embed(idx, cache.Length).squeeze(1); // (B, C)
        for (var i = 0; i < h.Count; i++) x = h[i].Step(x, cache, i, compute);
        cache.Commit();
        return ln_f.call(x);
    }

    /// <summary>The residual stream entering block 0: token + position embeddings (B, T, C) of ids (B, T) from <paramref name="start"/>.</summary>
    internal Tensor Embed(Tensor idx, int start)
    {
        var T = idx.shape[1];
        var pos = arange(start, start + T, dtype: ScalarType.Int64, device: idx.device); // (T)
        var tokens = wte.call(idx); // (B, T, C)
        if (wte_lora is not null) tokens = tokens + wte_lora.Embed(idx);
        var x = tokens + wpe.call(pos); // (B, T, C) + (T, C) broadcasts over B
        return training && _dropout > 0 ? drop.call(x) : x;
    }
}
