using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Model;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Benchmarks;

/// <summary>
/// Where a training step's time goes: the trainer's operations (batch, forward and loss, backward,
/// <see cref="FlatAdamW"/>'s clipping and update) timed apart (median milliseconds per step, the device waited for after each
/// phase), and the forward's and backward's model FLOP rates against the machine's matmul peak. It shows by measurement what keeps MFU below the peak: a phase far under it is not spending its
/// time in matmuls.
/// </summary>
public sealed record StepPhases(double DataMs, double ForwardMs, double BackwardMs, double ClipMs, double OptimizerMs)
{
    public double TotalMs => DataMs + ForwardMs + BackwardMs + ClipMs + OptimizerMs;

    /// <summary>Model FLOP/s of the forward (a third of the training FLOPs) ÷ <paramref name="peakGflops"/>.</summary>
    public double ForwardUtilisation(double flopsPerToken, double tokensPerStep, double peakGflops) =>
        Utilisation(flopsPerToken / 3 * tokensPerStep, ForwardMs, peakGflops);

    /// <summary>The same for the backward (two thirds of the training FLOPs).</summary>
    public double BackwardUtilisation(double flopsPerToken, double tokensPerStep, double peakGflops) =>
        Utilisation(flopsPerToken * 2 / 3 * tokensPerStep, BackwardMs, peakGflops);

    private static double Utilisation(double flops, double ms, double peakGflops) => flops / (ms / 1e3) / 1e9 / peakGflops;

    /// <summary>Times <paramref name="steps"/> steps of batch, forward + loss, backward, clipping, AdamW on <paramref name="model"/>.</summary>
    public static StepPhases Measure(Gpt model, TrainConfig c, int[] trainTokens, Device device, int steps)
    {
        if (steps < 2) throw new GptLabException($"step phases need at least 2 steps (got {steps})");
        using var optimizer = new FlatAdamW(model.DistinctParameters(), c);
        var batches = new BatchSampler(trainTokens, c.BatchSize, model.Config.BlockSize, c.Seed);
        var phases = new List<double>[5];
        for (var i = 0; i < phases.Length; i++) phases[i] = [];
        model.train();
        var clock = new Stopwatch();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var lap = new double[5];
            clock.Restart();
            optimizer.ZeroGrad();
            var (x, y) = batches.Sample(step, 0, device);
            lap[0] = Lap(clock, device);
            var loss = model.Loss(x, y);
            lap[1] = Lap(clock, device);
            loss.backward();
            lap[2] = Lap(clock, device);
            optimizer.ClipGradients(GradientClipping.Bound(c.GradClip));
            lap[3] = Lap(clock, device);
            optimizer.Step(c.LearningRate);
            lap[4] = Lap(clock, device);
            if (step == 0) continue; // the first step warms the kernels
            for (var i = 0; i < phases.Length; i++) phases[i].Add(lap[i]);
        }
        return new StepPhases(Median.Of(phases[0]), Median.Of(phases[1]), Median.Of(phases[2]), Median.Of(phases[3]), Median.Of(phases[4]));
    }

    // Milliseconds since the last lap, after the device has finished the work queued so far (a CPU runs it in line).
    private static double Lap(Stopwatch clock, Device device)
    {
        if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize();
        var ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}
