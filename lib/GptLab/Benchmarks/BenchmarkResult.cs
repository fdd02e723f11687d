namespace GptLab.Benchmarks;

/// <summary>What <c>gptlab bench --json</c> prints. Speeds are medians over alternating rounds.</summary>
public sealed record BenchmarkResult
{
    public required string Profile { get; init; }
    public required string Device { get; init; }
    public required string Torchsharp { get; init; }
    public required string Libtorch { get; init; }
    public required int Threads { get; init; }
    public required long Parameters { get; init; }
    /// <summary>GptLab's Trainer, wall-clock between step events (logging and bookkeeping included).</summary>
    public required double TrainTokensPerS { get; init; }
    /// <summary>A minimal hand-written TorchSharp loop on the same model, data and settings.</summary>
    public required double ReferenceTokensPerS { get; init; }
    /// <summary>Trainer ÷ reference: 1.0 means no overhead.</summary>
    public required double TrainVsReference { get; init; }
    public required int SampleNewTokens { get; init; }
    public required int SampleContext { get; init; }
    public required double SampleTokensPerSKv { get; init; }
    public required double SampleTokensPerSNokv { get; init; }
    public required double KvSpeedup { get; init; }
    /// <summary>This machine's matmul through TorchSharp in fp32 (n = 1024 on a CPU, 4096 on a GPU), measured in the same run (best of five).</summary>
    public required double MatmulPeakGflopsFp32 { get; init; }
    /// <summary>The same in bf16: far above fp32 where the CPU has AMX, below it where bf16 is emulated.</summary>
    public required double MatmulPeakGflopsBf16 { get; init; }
    /// <summary>Training FLOPs per token, forward and backward (<see cref="Benchmark.FlopsPerToken"/>).</summary>
    public required long ModelFlopsPerToken { get; init; }
    /// <summary>Trainer tokens/s × FLOPs per token.</summary>
    public required double TrainGflops { get; init; }
    /// <summary>Model FLOP utilisation: <see cref="TrainGflops"/> ÷ the matmul peak of the run's precision.</summary>
    public required double Mfu { get; init; }
    /// <summary>A training step in phases (<see cref="StepPhases"/>), median milliseconds: fetching the batch.</summary>
    public required double StepMsData { get; init; }
    /// <summary>Forward and loss.</summary>
    public required double StepMsForward { get; init; }
    /// <summary>The backward pass.</summary>
    public required double StepMsBackward { get; init; }
    /// <summary>Gradient clipping (the total norm).</summary>
    public required double StepMsClip { get; init; }
    /// <summary>zero_grad is in the batch phase; this is AdamW's update.</summary>
    public required double StepMsOptimizer { get; init; }
    /// <summary>The forward's model FLOP/s (a third of the training FLOPs) ÷ the matmul peak.</summary>
    public required double ForwardMfu { get; init; }
    /// <summary>The backward's (two thirds) ÷ the matmul peak.</summary>
    public required double BackwardMfu { get; init; }
    /// <summary>Relative error of the bench device's fp32 logits against the CPU's for the same weights (<see cref="DeviceAgreement"/>; 0 on the CPU itself).</summary>
    public required double DeviceRelErrorFp32 { get; init; }
    /// <summary>The same with bf16 matmuls on the bench device.</summary>
    public required double DeviceRelErrorBf16 { get; init; }
    /// <summary>Steps over which memory was watched.</summary>
    public required int LeakSteps { get; init; }
    /// <summary>Live TorchSharp tensors after the last step minus after the warm-up steps.</summary>
    public required long LiveTensorsGrowth { get; init; }
    public required double RssGrowthMb { get; init; }
    public required double PeakRssMb { get; init; }
    public required string Machine { get; init; }
    /// <summary>Trainer tokens/s while a second GptLab process trains the same profile (null with --no-concurrent).</summary>
    public double? ConcurrentTokensPerS { get; init; }
    /// <summary>Concurrent ÷ alone: what each of two trainings on one machine keeps of its speed (≥ 0.4 is the goal).</summary>
    public double? ConcurrentRatio { get; init; }
}
