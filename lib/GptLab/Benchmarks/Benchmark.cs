using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.IO;
using GptLab.Sampling;
using GptLab.Stages;
using GptLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Benchmarks;

/// <summary>
/// <c>gptlab bench</c>: trainer throughput against a minimal hand-written TorchSharp loop, KV-cache against
/// recomputation, and live tensors / RSS over many steps. Rounds alternate so a noisy machine hits both sides.
/// </summary>
public sealed class Benchmark
{
    private readonly RunConfig _config;
    private readonly TokenDataset _data;
    private readonly Device _device;
    private readonly RunFolder _trainerRun;

    /// <summary>
    /// A benchmark of <paramref name="config"/> in <paramref name="folder"/>: its data is encoded once into the trainer's run
    /// folder (<c>&lt;folder&gt;/trainer</c>), where the reference loop reads it and every trainer round's pretraining stage
    /// finds it prepared. The caller holds <paramref name="folder"/>'s lock.
    /// </summary>
    public Benchmark(RunConfig config, Device device, string folder)
    {
        _trainerRun = RunFolder.At(Path.Combine(folder, "trainer"));
        _data = PretrainingStage.PrepareData(config.Data, _trainerRun);
        _config = config.WithVocabSize(_data.Tokenizer.VocabSize);
        _device = device;
    }

    /// <summary>Runs everything; <paramref name="report"/> gets one line per phase.</summary>
    public BenchmarkResult Run(string profile, int stepsPerRound, int rounds, int leakSteps, int sampleTokens, int sampleContext, Action<string>? report = null)
    {
        var tokensPerStep = (double)_config.Train.BatchSize * _config.Train.GradAccum * _config.Model.BlockSize;
        TorchRuntime.Seed(_config.Train.Seed);
        using var model = _config.CreateModel();
        model.to(_device);
        var trainer = new List<double>();
        var reference = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            reference.Add(tokensPerStep / ReferenceStepSeconds(model, stepsPerRound));
            trainer.Add(tokensPerStep / TrainerStepSeconds(model, stepsPerRound, out _));
            report?.Invoke($"round {r + 1}/{rounds}: trainer {trainer[^1]:N0} tok/s, reference {reference[^1]:N0} tok/s");
        }

        var phases = StepPhases.Measure(model, _config.Train, _data.Train, _device, stepsPerRound);

        var (kv, nokv, context) = SamplingSpeeds(sampleTokens, sampleContext);
        report?.Invoke($"sampling {sampleTokens} tokens at context {context}: KV cache {kv:N1} tok/s, recompute {nokv:N1} tok/s");

        TrainerStepSeconds(model, leakSteps, out var memory);
        report?.Invoke($"{leakSteps} steps: live tensors {memory.TensorGrowth:+#;-#;0}, RSS {memory.RssGrowthMb:+0.0;-0.0} MB");

        var (train, refSpeed) = (Median.Of(trainer), Median.Of(reference));
        // MFU against the peak this run measures itself, in the run's precision (nanoGPT's estimate_mfu, with a measured peak).
        var n = _device.type == DeviceType.CPU ? 1024 : 4096; // a GPU needs larger products to reach its peak
        var (fp32Peak, bf16Peak) = (MatmulPeak.Gflops(_device, ScalarType.Float32, n), MatmulPeak.Gflops(_device, ScalarType.BFloat16, n));
        var flopsPerToken = FlopsPerToken(model);
        var trainGflops = train * flopsPerToken / 1e9;
        var peak = _config.Dtype == Precision.BFloat16 ? bf16Peak : fp32Peak;
        var agreement = DeviceAgreement.Measure(_config.Model, _device, _config.Train.Seed);
        report?.Invoke($"logits on {_device.type} against the CPU's: relative error {agreement.Fp32:E1} (fp32), {agreement.Bf16:E1} (bf16)");
        report?.Invoke($"matmul peak: fp32 {fp32Peak:N0} GFLOP/s, bf16 {bf16Peak:N0} GFLOP/s; training {trainGflops:N1} GFLOP/s = MFU {trainGflops / peak:P1} ({_config.Dtype})");
        var (forwardMfu, backwardMfu) = (phases.ForwardUtilisation(flopsPerToken, tokensPerStep, peak), phases.BackwardUtilisation(flopsPerToken, tokensPerStep, peak));
        report?.Invoke($"a step's {phases.TotalMs:N1} ms: batch {phases.DataMs:N2}, forward {phases.ForwardMs:N1} (MFU {forwardMfu:P0}), backward {phases.BackwardMs:N1} (MFU {backwardMfu:P0}), clipping {phases.ClipMs:N2}, AdamW {phases.OptimizerMs:N2}");
        return new BenchmarkResult
        {
            Profile = profile, Device = _device.type.ToString().ToLowerInvariant(), Torchsharp = NativeCompatibility.TorchSharpVersion,
            Libtorch = __version__, Threads = get_num_threads(), Parameters = model.ParameterCount(),
            TrainTokensPerS = Math.Round(train, 1), ReferenceTokensPerS = Math.Round(refSpeed, 1), TrainVsReference = Math.Round(train / refSpeed, 3),
            SampleNewTokens = sampleTokens, SampleContext = context, SampleTokensPerSKv = Math.Round(kv, 1), SampleTokensPerSNokv = Math.Round(nokv, 1),
            KvSpeedup = Math.Round(kv / nokv, 2), LeakSteps = leakSteps, LiveTensorsGrowth = memory.TensorGrowth,
            MatmulPeakGflopsFp32 = Math.Round(fp32Peak, 1), MatmulPeakGflopsBf16 = Math.Round(bf16Peak, 1), ModelFlopsPerToken = flopsPerToken,
            TrainGflops = Math.Round(trainGflops, 2), Mfu = Math.Round(trainGflops / peak, 4),
            StepMsData = Math.Round(phases.DataMs, 3), StepMsForward = Math.Round(phases.ForwardMs, 3), StepMsBackward = Math.Round(phases.BackwardMs, 3),
            StepMsClip = Math.Round(phases.ClipMs, 3), StepMsOptimizer = Math.Round(phases.OptimizerMs, 3),
            ForwardMfu = Math.Round(forwardMfu, 4), BackwardMfu = Math.Round(backwardMfu, 4),
            DeviceRelErrorFp32 = agreement.Fp32, DeviceRelErrorBf16 = agreement.Bf16,
            RssGrowthMb = Math.Round(memory.RssGrowthMb, 1), PeakRssMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            Machine = $"{CpuFeatures.Current.Model} (bf16: {CpuFeatures.Current.Bf16}), {Environment.ProcessorCount} processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
        };
    }

    /// <summary>
    /// Training FLOPs per token (forward and backward), as nanoGPT's estimate_mfu counts them (PaLM, appendix B):
    /// 6·N for the weights (N without the position embedding) plus 12·L·C·T for attention's scores and weighted sums.
    /// </summary>
    public static long FlopsPerToken(Gpt model)
    {
        var c = model.Config;
        var weights = model.ParameterCount() - (long)c.BlockSize * c.NEmbd;
        return 6 * weights + 12L * c.NLayer * c.NEmbd * c.BlockSize;
    }

    /// <summary>
    /// Trainer tokens/s over <paramref name="steps"/> steps with a fresh model of the run's shape: the speed to compare
    /// while another process trains (<c>gptlab bench</c>'s concurrent_ratio).
    /// </summary>
    public double TrainerTokensPerS(int steps)
    {
        TorchRuntime.Seed(_config.Train.Seed);
        using var model = _config.CreateModel();
        model.to(_device);
        return (double)_config.Train.BatchSize * _config.Train.GradAccum * _config.Model.BlockSize / TrainerStepSeconds(model, steps, out _);
    }

    /// <summary>Seconds per step of GptLab's pretraining stage (the Trainer), timed between its step events (so logging counts).</summary>
    private double TrainerStepSeconds(Gpt model, int steps, out (long TensorGrowth, double RssGrowthMb) memory)
    {
        var c = _config with
        {
            Train = _config.Train with
            {
                MaxSteps = steps, EvalInterval = int.MaxValue, EvalIters = 1, CheckpointInterval = int.MaxValue, LogInterval = 10,
            },
        };
        var warm = Math.Min(steps / 10 + 1, steps - 1);
        var (startSeconds, endSeconds, tensorsAtWarm, rssAtWarm) = (0.0, 0.0, 0L, 0L);
        var growth = (Tensors: 0L, RssMb: 0.0);
        var clock = Stopwatch.StartNew();
        using (var stage = PretrainingStage.Open(_trainerRun, SettingsRequest.For(c), _device, StartMode.Replace, new PretrainingInputs { Weights = model, Owner = "gptlab bench" }))
        {
            stage.StepCompleted += p =>
            {
                if (p.Step == warm)
                {
                    startSeconds = clock.Elapsed.TotalSeconds;
                    (tensorsAtWarm, rssAtWarm) = (Tensor.TotalCount, CollectedRss());
                }
                if (p.Step == steps - 1) // the last step also checkpoints: leave it out
                {
                    endSeconds = clock.Elapsed.TotalSeconds;
                    growth = (Tensor.TotalCount - tensorsAtWarm, (CollectedRss() - rssAtWarm) / 1048576.0);
                }
            };
            stage.Train();
        }
        memory = growth;
        return (endSeconds - startSeconds) / Math.Max(1, steps - 1 - warm);
    }

    /// <summary>The smallest honest loop: batch, forward, backward, clip, AdamW, in one dispose scope per step.</summary>
    private double ReferenceStepSeconds(Gpt model, int steps)
    {
        var c = _config.Train;
        using var optimizer = AdamWGroups.Create(model, c);
        var parameters = model.DistinctParameters().Select(p => p.Parameter).ToList();
        var batches = new BatchSampler(_data.Train, c.BatchSize, model.Config.BlockSize, c.Seed);
        model.train();
        var warm = Math.Min(steps / 10 + 1, steps - 1);
        var clock = new Stopwatch();
        for (var step = 0; step < steps; step++)
        {
            if (step == warm) clock.Start();
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var (x, y) = batches.Sample(step, 0, _device);
            var loss = model.Loss(x, y);
            loss.backward();
            nn.utils.clip_grad_norm_(parameters, GradientClipping.Bound(c.GradClip));
            optimizer.step();
            _ = loss.item<float>(); // the trainer reads the loss every step too
        }
        return clock.Elapsed.TotalSeconds / (steps - warm);
    }

    /// <summary>KV cache against recomputation on a fresh model of block size <paramref name="context"/> (see <see cref="SamplingSpeed"/>).</summary>
    private (double Kv, double NoKv, int Context) SamplingSpeeds(int newTokens, int context)
    {
        TorchRuntime.Seed(_config.Train.Seed);
        using var model = new Gpt(_config.Model with { Dropout = 0, BlockSize = context }, _config.Dtype);
        model.to(_device);
        var speed = SamplingSpeed.Measure(model, _data.Tokenizer, newTokens);
        return (speed.TokensPerSecondKv, speed.TokensPerSecondNoKv, speed.Context);
    }

    private static long CollectedRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Process.GetCurrentProcess().WorkingSet64;
    }
}
