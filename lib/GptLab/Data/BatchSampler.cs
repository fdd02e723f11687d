using static TorchSharp.torch;

namespace GptLab.Data;

/// <summary>
/// Random context windows from a token stream (nanoGPT's get_batch). The windows of a step depend only on
/// (seed, step, micro-step), so a resumed run draws exactly the batches an uninterrupted one would.
/// </summary>
public sealed class BatchSampler
{
    private readonly int[] _tokens;

    public BatchSampler(int[] tokens, int batchSize, int blockSize, long seed)
    {
        if (tokens.Length <= blockSize)
            throw new GptLabException($"only {tokens.Length} tokens for a context of {blockSize}: use a larger corpus or a smaller block_size (below {Math.Max(1, tokens.Length - 1)})");
        if (batchSize <= 0) throw new GptLabException($"batch_size={batchSize} must be positive");
        _tokens = tokens;
        BatchSize = batchSize;
        BlockSize = blockSize;
        Seed = seed;
    }

    public int BatchSize { get; }

    public int BlockSize { get; }

    public long Seed { get; }

    /// <summary>Inputs x and next-token targets y, both (B, T) int64 on <paramref name="device"/>.</summary>
    public (Tensor X, Tensor Y) Sample(long step, int micro, Device device)
    {
        var (B, T) = (BatchSize, BlockSize);
        var rng = new Random(StepSeed.For(Seed, step, micro));
        var x = new long[B * T];
        var y = new long[B * T];
        for (var b = 0; b < B; b++)
        {
            var start = rng.Next(_tokens.Length - T); // last start leaves room for the shifted target
            for (var t = 0; t < T; t++)
            {
                x[b * T + t] = _tokens[start + t];
                y[b * T + t] = _tokens[start + t + 1];
            }
        }
        var xs = tensor(x, [B, T]);
        var ys = tensor(y, [B, T]);
        if (device.type == TorchSharp.DeviceType.CPU) return (xs, ys);
        // Page-locked host memory lets the copy run asynchronously: the host goes on queueing the step's kernels.
        using (xs) using (ys) using (var xp = xs.pin_memory()) using (var yp = ys.pin_memory())
            return (xp.to(device, non_blocking: true), yp.to(device, non_blocking: true));
    }
}
