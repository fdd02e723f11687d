using System.Diagnostics;
using static TorchSharp.torch;

namespace GptLab.Benchmarks;

/// <summary>
/// What this machine's matmul reaches through TorchSharp, in GFLOP/s (2·n³ floating-point operations per n×n product):
/// the ceiling that model FLOP utilisation (MFU) is measured against, in the same run as the training it judges.
/// </summary>
public static class MatmulPeak
{
    /// <summary>
    /// The best of <paramref name="repeats"/> timed batches of products of two <paramref name="n"/>×<paramref name="n"/>
    /// matrices in <paramref name="dtype"/> on <paramref name="device"/> (the best, not the median: a peak is what the
    /// hardware can do, and noise only ever slows it).
    /// </summary>
    public static double Gflops(Device device, ScalarType dtype, int n = 1024, int repeats = 5)
    {
        if (n < 16 || repeats < 1) throw new GptLabException($"a matmul peak needs n ≥ 16 and repeats ≥ 1 (got {n} and {repeats})");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = randn(n, n, dtype: dtype, device: device);
        var b = randn(n, n, dtype: dtype, device: device);
        var perBatch = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 0.2) // warm-up, and enough products per batch to time ~0.2 s
        {
            using var c = a.matmul(b);
            _ = c[0, 0].to_type(ScalarType.Float32).item<float>(); // waits for the device
            perBatch++;
        }
        var best = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            clock.Restart();
            for (var i = 0; i < perBatch; i++)
            {
                using var c = a.matmul(b);
                if (i == perBatch - 1) _ = c[0, 0].to_type(ScalarType.Float32).item<float>();
            }
            best = Math.Min(best, clock.Elapsed.TotalSeconds / perBatch);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
