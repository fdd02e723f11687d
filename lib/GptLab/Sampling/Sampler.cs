using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Sampling;

/// <summary>
/// Autoregressive generation (nanoGPT's generate), streaming token by token, with or without a KV cache.
/// Within the context window both paths give the same tokens. Past it, recomputation crops to the last
/// block_size tokens each step, while the cache restarts from the last half window (far cheaper, slightly
/// different text).
/// </summary>
public sealed class Sampler
{
    private readonly Gpt _model;
    private readonly ITokenizer _tokenizer;

    public Sampler(Gpt model, ITokenizer tokenizer)
    {
        _model = model;
        _tokenizer = tokenizer;
    }

    /// <summary>Encodes a prompt; empty means a newline (nanoGPT's start) or the first special token.</summary>
    public int[] EncodePrompt(string prompt)
    {
        var ids = prompt.Length > 0 ? _tokenizer.Encode(prompt) : StartIds();
        if (ids.Length > _model.Config.BlockSize)
            throw new GptLabException($"the prompt is {ids.Length} tokens but the model's context is {_model.Config.BlockSize}: shorten the prompt");
        return ids;
    }

    /// <summary>Generated text, piece by piece as tokens arrive; stops at max_new_tokens or a stop sequence.</summary>
    public IEnumerable<string> Stream(string prompt, SamplingOptions options)
    {
        var decoder = new StreamingDecoder(_tokenizer.Decode, options.StopSequences);
        foreach (var id in GenerateIds(EncodePrompt(prompt), options))
        {
            var piece = decoder.Push(id);
            if (piece.Length > 0) yield return piece;
            if (decoder.Stopped) yield break;
        }
        var rest = decoder.Flush();
        if (rest.Length > 0) yield return rest;
    }

    /// <summary>All generated text at once (the prompt not included).</summary>
    public string Generate(string prompt, SamplingOptions options) => string.Concat(Stream(prompt, options));

    /// <summary>New token ids after <paramref name="prompt"/>, one at a time.</summary>
    public IEnumerable<int> GenerateIds(int[] prompt, SamplingOptions options)
    {
        options.Validate();
        if (prompt.Length == 0) throw new GptLabException("the prompt has no tokens: give at least one character");
        var blockSize = _model.Config.BlockSize;
        var context = prompt.ToList();
        var generator = new Generator((ulong)options.Seed);
        var cacheStart = 0; // index in context of the first cached position
        using var cache = options.UseKvCache ? _model.NewCache() : null;
        var device = _model.Device; // read once: the getter is a native call
        try
        {
            for (var i = 0; i < options.MaxNewTokens; i++)
            {
                int next;
                using (EvalMode.Enter(_model)) // per token: between tokens the caller's model is as it left it
                using (var scope = NewDisposeScope())
                {
                    Tensor logits;
                    if (cache is null) logits = FullForward(context, blockSize, device);
                    else (logits, cacheStart) = CachedForward(context, cache, cacheStart, blockSize, device);
                    next = TokenPicker.Pick(logits, options, context, generator);
                }
                context.Add(next);
                yield return next;
            }
        }
        finally
        {
            generator.Dispose();
        }
    }

    // Recompute everything: logits of the last position given the last block_size tokens.
    private Tensor FullForward(List<int> context, int blockSize, Device device)
    {
        var window = context.Skip(Math.Max(0, context.Count - blockSize)).ToArray();
        return _model.LastLogits(Ids(window, device), null)[0]; // (V)
    }

    // Feed only what the cache has not seen; when that would overflow, restart from the last half window.
    private (Tensor Logits, int CacheStart) CachedForward(List<int> context, KvCache cache, int cacheStart, int blockSize, Device device)
    {
        var fresh = context.Count - cacheStart - cache.Length; // the whole prompt first, then one token per step
        if (cache.Length + fresh > blockSize)
        {
            cache.Reset();
            cacheStart = context.Count - Math.Min(context.Count, Math.Max(1, blockSize / 2));
        }
        var ids = context.Skip(cacheStart + cache.Length).ToArray();
        if (ids.Length > 1 || device.type != TorchSharp.DeviceType.CPU)
            return (_model.LastLogits(Ids(ids, device), cache)[0], cacheStart);

        // A one-token step is a few dozen tiny ops: waking libtorch's other CPU threads for each costs more than
        // it saves (measured on 2 cores: 0.68 → 0.35 ms per token for the cpu profile). Prefill keeps them all.
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            return (_model.LastLogits(Ids(ids, device), cache)[0], cacheStart);
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private static Tensor Ids(int[] ids, Device device) => tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length], device: device); // (1, T)

    private int[] StartIds()
    {
        try { return _tokenizer.Encode("\n"); }
        catch (GptLabException) { return _tokenizer.SpecialTokens.Count > 0 ? [_tokenizer.SpecialTokens.Values.First()] : [0]; }
    }
}
