using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// Keys and values of the positions already processed, per layer, so decoding one more token costs one
/// token's work instead of recomputing the whole context. Preallocated to the model's block size.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;   // per layer: (B, nh, block_size, hs)
    private readonly Tensor[] _values; // per layer: (B, nh, block_size, hs)
    private int _pending;              // tokens appended by the forward pass in progress

    public KvCache(GptConfig config, long batch, Device device, ScalarType dtype = ScalarType.Float32)
    {
        Capacity = config.BlockSize;
        var hs = config.NEmbd / config.NHead;
        _keys = new Tensor[config.NLayer];
        _values = new Tensor[config.NLayer];
        for (var i = 0; i < config.NLayer; i++)
        {
            _keys[i] = zeros(batch, config.NHead, Capacity, hs, dtype, device).DetachFromDisposeScope();
            _values[i] = zeros(batch, config.NHead, Capacity, hs, dtype, device).DetachFromDisposeScope();
        }
    }

    /// <summary>Positions cached so far; the next token sits at this position.</summary>
    public int Length { get; private set; }

    /// <summary>The most positions the cache holds (the model's block size).</summary>
    public int Capacity { get; }

    /// <summary>Stores this step's keys/values for a layer; returns all cached ones, this step's included.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        var T = (int)k.shape[2];
        if (Length + T > Capacity)
            throw new InvalidOperationException($"KV cache holds {Capacity} positions; {Length} + {T} do not fit");
        using (no_grad())
        {
            _keys[layer].narrow(2, Length, T).copy_(k);
            _values[layer].narrow(2, Length, T).copy_(v);
        }
        _pending = T;
        return (_keys[layer].narrow(2, 0, Length + T), _values[layer].narrow(2, 0, Length + T)); // (B, nh, Length+T, hs)
    }

    /// <summary>Called by the model after every layer has appended: the new positions become part of the past.</summary>
    internal void Commit()
    {
        Length += _pending;
        _pending = 0;
    }

    /// <summary>Forgets every position (the tensors are reused).</summary>
    public void Reset()
    {
        Length = 0;
        _pending = 0;
    }

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values)) t.Dispose();
    }
}
