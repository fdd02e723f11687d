using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Model;
using GptLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// What <c>dtype: auto</c> became for one run, and why. bf16 pays only where the chip multiplies bf16 natively and the
/// run's own matmuls are large enough: on an AMD EPYC (Zen 4) the square bf16 matmul ran 2.3× fp32, but training the cpu
/// profile's 128-wide model only 1.05×, and a 384-wide one 1.74× (docs/benchmarks.md). So the choice times this run's
/// model, not a square matmul: a forward and backward pass of up to <see cref="ProbeTokens"/> tokens (the run's batch,
/// sequences of up to 256) on a fresh model of the run's shape with random weights, LoRA adapters included when the run
/// trains them, the median of three after a warm-up, in each precision.
/// </summary>
public sealed record PrecisionChoice(string Dtype, string Reason)
{
    /// <summary>The speed-up bf16 must show: below it, a step's noise could have decided, and fp32 is the exact one.</summary>
    public const double MinimumSpeedup = 1.1;

    /// <summary>
    /// The tokens of the probe's batch: enough for the matmuls' shapes, few enough to cost seconds and stay under the run's
    /// own memory at GPT-2's size (512 tokens took a LoRA run's peak from 1,637 to 1,879 MiB: the probe's activations and
    /// logits, docs/benchmarks.md).
    /// </summary>
    public const int ProbeTokens = 256;

    /// <summary>Measures which precision trains a model of <paramref name="shape"/> with <paramref name="train"/>'s batch and adapters faster on <paramref name="device"/>.</summary>
    public static PrecisionChoice For(GptConfig shape, TrainConfig train, Device device)
    {
        if (device.type == DeviceType.CPU && CpuFeatures.Current.Bf16 == CpuFeatures.None)
            return new(Precision.Float32, $"this CPU ({CpuFeatures.Current.Model}) has neither AVX-512 BF16 nor AMX, so bf16 would be emulated");
        var state = random.get_rng_state(); // the probe's weights and ids draw from the global generator: give the run its own
        try
        {
            var where = device.type == DeviceType.CPU ? $"{CpuFeatures.Current.Model} ({CpuFeatures.Current.Bf16})" : device.ToString();
            return FromTimings(StepSeconds(shape, train, Precision.Float32, device), StepSeconds(shape, train, Precision.BFloat16, device), where);
        }
        finally
        {
            random.set_rng_state(state);
            state.Dispose();
            NativeHeap.Trim(); // the probes' memory back to the system before the run loads its own model
        }
    }

    /// <summary>The rule: bf16 when its step took at most 1 / <see cref="MinimumSpeedup"/> of fp32's.</summary>
    public static PrecisionChoice FromTimings(double fp32Seconds, double bf16Seconds, string where)
    {
        var speedup = fp32Seconds / bf16Seconds;
        var measured = $"a training step of this model took {bf16Seconds * 1000:N0} ms in bf16 against {fp32Seconds * 1000:N0} ms in fp32 ({speedup:F2}×) on {where}";
        return speedup >= MinimumSpeedup
            ? new(Precision.BFloat16, measured)
            : new(Precision.Float32, $"{measured}, under the {MinimumSpeedup}× bf16 must show");
    }

    // Median seconds of a forward and backward pass, after one warm-up pass (first-touch allocations, kernel selection).
    private static double StepSeconds(GptConfig shape, TrainConfig train, string dtype, Device device)
    {
        using var model = new Gpt(shape with { LoraRank = 0, LoraAlpha = 0, LoraTokenRows = 0, Dropout = 0 }, dtype);
        model.to(device);
        if (train.LoraRank > 0) model.AddAdapters(train.LoraRank);
        var T = Math.Min(shape.BlockSize, 256);
        var B = Math.Clamp(train.BatchSize, 1, Math.Max(1, ProbeTokens / T));
        using var ids = randint(shape.VocabSize, [B, T], dtype: ScalarType.Int64, device: device);
        var seconds = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            model.Loss(ids, ids).backward();
            if (device.type == DeviceType.CUDA) cuda.synchronize();
            if (i > 0) seconds.Add(clock.Elapsed.TotalSeconds);
            model.zero_grad();
        }
        return Median.Of(seconds);
    }
}
