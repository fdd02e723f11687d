using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// Decoder-only GPT (nanoGPT's GPT): token + position embeddings, pre-LayerNorm blocks, final LayerNorm and an
/// LM head tied to the token embedding. Parameter names follow nanoGPT / GPT-2 (<c>transformer.h.0.attn.c_attn.weight</c>),
/// with Linear weights stored (out, in) as nanoGPT does.
/// </summary>
public sealed class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly Transformer transformer;
    private readonly Linear lm_head;

    /// <summary>A freshly initialised GPT whose matmuls compute in <paramref name="dtype"/> (<see cref="Precision"/>).</summary>
    public Gpt(GptConfig config, string dtype = Precision.Float32) : base("GPT")
    {
        Config = config.Validate();
        Dtype = dtype;
        ComputeDtype = Precision.ComputeDtype(dtype);
        transformer = new Transformer(config);
        lm_head = nn.Linear(config.NEmbd, config.VocabSize, hasBias: false);
        lm_head.weight = transformer.TokenEmbedding.weight!; // weight tying (Press & Wolf): one matrix, two names
        RegisterComponents();
        InitializeWeights();
        if (config.LoraRank > 0) // a LoRA checkpoint's shape: the plain model, then its adapters (their own initialisation)
        {
            Config = config with { LoraRank = 0, LoraAlpha = 0, LoraTokenRows = 0 };
            AddAdapters(config.LoraRank, config.LoraAlpha);
            if (config.LoraTokenRows > 0) TrainAddedTokenRows(config.LoraTokenRows);
        }
    }

    /// <summary>The model's shape; its LoRA rank and alpha once adapters are added.</summary>
    public GptConfig Config { get; private set; }

    /// <summary>The body (embeddings, blocks, ln_f), for the Experiments that look inside the model.</summary>
    internal Transformer Body => transformer;

    /// <summary>
    /// Whether a training forward keeps only each block's input and computes the block again in the backward pass
    /// (<see cref="RecomputedBlock"/>, train.recompute): one block's activations in memory instead of every block's, for
    /// a second forward. Sampling and evaluation, which keep no activations, are unchanged.
    /// </summary>
    public bool RecomputeActivations
    {
        get => transformer.RecomputeActivations;
        set => transformer.RecomputeActivations = value;
    }

    /// <summary>The precision this model computes in: "float32" or "bfloat16" (a run setting, saved in its checkpoint).</summary>
    public string Dtype { get; }

    /// <summary>Dtype of the matmuls: null = fp32; <see cref="ScalarType.BFloat16"/> = bf16 with fp32 master weights.</summary>
    public ScalarType? ComputeDtype { get; }

    /// <summary>Logits (B, T, vocab) for ids (B, T): nanoGPT's forward without targets.</summary>
    public override Tensor forward(Tensor idx) => Forward(idx, null);

    /// <summary>
    /// Logits for ids (B, T). With a <paramref name="cache"/>, the ids continue the cached positions and only
    /// their logits are computed; the cache grows by T.
    /// </summary>
    public Tensor Forward(Tensor idx, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var x = Hidden(idx, cache); // (B, T, C)
        return Head(x).MoveToOuterDisposeScope(); // (B, T, vocab)
    }

    /// <summary>
    /// Logits (B, vocab) of the last position only: what sampling reads (nanoGPT's forward without targets computes
    /// the head for the last position too). With a <paramref name="cache"/> as in <see cref="Forward(Tensor, KvCache?)"/>.
    /// </summary>
    public Tensor LastLogits(Tensor idx, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var T = idx.shape[1];
        var last = cache is not null && T == 1
            ? Step(idx, cache) // (B, C): a decoding step, the residual stream kept 2-D
            : Hidden(idx, cache).select(1, T - 1); // (B, C): the head's matmul for one position, not T
        return Head(last).MoveToOuterDisposeScope(); // (B, vocab)
    }

    /// <summary>
    /// Logits (…, vocab) of final hidden states (…, C) from <see cref="Hidden"/>: the head alone, for a loss that needs
    /// some positions' logits only (fine-tuning's targets).
    /// </summary>
    public Tensor HeadLogits(Tensor hidden) => Head(hidden);

    // The tied head (…, C) → (…, vocab) in fp32, with the trained rows of added tokens when there are.
    private Tensor Head(Tensor x)
    {
        var logits = MixedPrecision.Logits(lm_head, x, ComputeDtype);
        return transformer.AddedTokenRows?.AddToLogits(logits, x) ?? logits;
    }

    // One new token per sequence after the cached ones: (B, 1) ids → (B, C) final hidden states.
    private Tensor Step(Tensor idx, KvCache cache)
    {
        RequireFits(cache.Length + 1);
        return transformer.Step(idx, cache, ComputeDtype);
    }

    /// <summary>
    /// Final hidden states (B, T, C) after ln_f, before the LM head: the features a classification head reads
    /// (GPT-1's discriminative fine-tuning).
    /// </summary>
    public Tensor Hidden(Tensor idx, KvCache? cache = null)
    {
        var T = idx.shape[1];
        var start = cache?.Length ?? 0;
        RequireFits(start + T);
        using var scope = NewDisposeScope();
        return transformer.Forward(idx, start, cache, ComputeDtype).MoveToOuterDisposeScope();
    }

    private void RequireFits(long tokens)
    {
        if (tokens > Config.BlockSize)
            throw new GptLabException($"sequence of {tokens} tokens is longer than the model's context (block_size={Config.BlockSize}): shorten the prompt or crop it to the last {Config.BlockSize} tokens");
    }

    /// <summary>Mean next-token cross-entropy of logits for <paramref name="idx"/> against <paramref name="targets"/> (B, T).</summary>
    public Tensor Loss(Tensor idx, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var logits = Forward(idx, null);
        var V = logits.shape[2];
        return nn.functional.cross_entropy(logits.view(-1, V), targets.view(-1)).MoveToOuterDisposeScope(); // over B·T positions
    }

    /// <summary>The device the weights are on.</summary>
    public Device Device
    {
        get
        {
            using var scope = NewDisposeScope(); // TorchSharp's weight getter returns a fresh wrapper: let the scope free it
            return transformer.TokenEmbedding.weight!.device;
        }
    }

    /// <summary>A cache for incremental decoding of <paramref name="batch"/> sequences on this model's device.</summary>
    public KvCache NewCache(long batch = 1) => new(Config, batch, Device, ComputeDtype ?? ScalarType.Float32);

    /// <summary>
    /// Freezes every weight and adds rank-<paramref name="rank"/> adapters to each block's attention and MLP projections
    /// (LoRA): training then updates the adapters alone, and the model computes as before until it does (B starts at 0).
    /// <paramref name="alpha"/> scales them (<see cref="GptConfig.LoraAlpha"/>; 0 = twice the rank). A model that computes
    /// in bf16 then holds its frozen matmul weights in bf16 too (<see cref="HoldFrozenWeightsInComputeDtype"/>).
    /// </summary>
    public void AddAdapters(int rank, double alpha = 0)
    {
        if (Config.LoraRank > 0)
            throw new GptLabException($"the model has LoRA adapters of rank {Config.LoraRank} already: merge them first (Gpt.Merged)");
        var shape = (Config with { LoraRank = rank, LoraAlpha = alpha }).Validate();
        foreach (var p in parameters()) p.requires_grad = false;
        foreach (var block in transformer.Blocks) block.AddAdapters(rank, shape.LoraScale);
        Config = shape;
        HoldFrozenWeightsInComputeDtype();
    }

    /// <summary>
    /// With bf16 matmuls, a frozen weight needs no fp32 master copy (nothing updates it): the blocks' projections and the
    /// token embedding (with the head tied to it) are stored in bf16, as each step would cast them, which halves the
    /// frozen base's memory and saves the casts; QLoRA holds its base in 4 bits for the same reason. The values are the
    /// casts the bf16 matmuls read anyway; only the embedding's rows, which fp32 would add to the residual stream as they
    /// are, lose their last bits. LayerNorms and position embeddings stay fp32 (they are small and not matmuls).
    /// </summary>
    private void HoldFrozenWeightsInComputeDtype()
    {
        if (ComputeDtype is not { } dtype) return;
        foreach (var block in transformer.Blocks)
            foreach (var (layer, _) in block.Projections) layer.to(dtype);
        transformer.TokenEmbedding.to(dtype);
        lm_head.weight = transformer.TokenEmbedding.weight!; // tied again: the cast made the embedding a new tensor
    }

    /// <summary>
    /// Trains the token embedding's last <paramref name="count"/> rows beside the adapters, the rest of it (and of the
    /// head tied to it) frozen: a fine-tuning that added tokens to the vocabulary must learn their rows, which start
    /// equal (<c>ChatVocabulary</c>). The rows train as a delta that starts at zero (<see cref="TokenRowsAdapter"/>).
    /// </summary>
    public void TrainAddedTokenRows(int count)
    {
        if (Config.LoraRank == 0) throw new GptLabException("only a model with LoRA adapters trains some embedding rows alone: add adapters first (AddAdapters)");
        if (Config.LoraTokenRows > 0) throw new GptLabException($"the model trains its last {Config.LoraTokenRows} embedding rows already: merge them first (Gpt.Merged)");
        var shape = (Config with { LoraTokenRows = count }).Validate();
        transformer.AddTokenRows(Config.VocabSize, Config.NEmbd, count);
        Config = shape;
    }

    /// <summary>
    /// A plain model (no adapters) that computes what this one computes: every adapter folded into its weight,
    /// W + (alpha / r)·B·A, and trained token rows into the embedding. What export writes, and what a new stage starts from. This model is left as it is.
    /// </summary>
    public Gpt Merged()
    {
        var plain = new Gpt(Config with { LoraRank = 0, LoraAlpha = 0, LoraTokenRows = 0 }, Dtype);
        plain.to(Device);
        using var scope = NewDisposeScope(); // the merged weights and the weight getters' fresh wrappers
        using var noGrad = no_grad();
        var mine = state_dict();
        foreach (var (name, tensor) in plain.state_dict()) tensor.copy_(mine[name]);
        foreach (var (from, to) in transformer.Blocks.Zip(plain.transformer.Blocks))
            foreach (var ((layer, adapter), (target, _)) in from.Projections.Zip(to.Projections))
                if (adapter is not null) target.weight!.copy_(adapter.Merge(layer.weight!));
        if (transformer.AddedTokenRows is { } rows) plain.transformer.TokenEmbedding.weight!.copy_(rows.Merge(transformer.TokenEmbedding.weight!)); // the head too: one matrix
        return plain;
    }

    /// <summary>The parameters a fine-tuning updates: all of them, or with LoRA the adapters (and the added tokens' rows).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters() => [.. DistinctParameters().Where(p => p.Parameter.requires_grad)];

    /// <summary>Distinct parameters; the tied embedding counts once (PyTorch's parameters() dedups too).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> DistinctParameters() =>
        // TorchSharp lists the tied head as its own wrapper (same storage, same gradient): leave it out once.
        named_parameters().Where(p => p.name != TiedHeadName).Select(p => (p.name, p.parameter)).ToList();

    private const string TiedHeadName = "lm_head.weight";

    /// <summary>Number of distinct parameters (nanoGPT's get_num_params(non_embedding=False)).</summary>
    public long ParameterCount() => DistinctParameters().Sum(p => p.Parameter.numel());

    // GPT-2 initialisation: N(0, 0.02) weights, zero biases, residual projections N(0, 0.02/sqrt(2·n_layer))
    // so the residual stream's variance does not grow with depth.
    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) nn.init.zeros_(p);
            else if (name.Contains(".ln_", StringComparison.Ordinal)) nn.init.ones_(p);
            else nn.init.normal_(p, 0.0, 0.02);
        }
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.NLayer);
        foreach (var block in transformer.Blocks)
            foreach (var projection in block.ResidualProjections)
                nn.init.normal_(projection.weight!, 0.0, residualStd);
    }
}
