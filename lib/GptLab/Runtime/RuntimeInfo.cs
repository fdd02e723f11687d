using System.Reflection;
using TorchSharp;

namespace GptLab.Runtime;

/// <summary>What <c>gptlab info</c> and the notebooks' first cell print.</summary>
public sealed record RuntimeInfo
{
    public required string Gptlab { get; init; }
    public required string Torchsharp { get; init; }
    public required string Libtorch { get; init; }
    /// <summary>cpu, cuda or none: the native package the running application was built with.</summary>
    public required string Backend { get; init; }
    public required string DefaultDevice { get; init; }
    public required bool CudaAvailable { get; init; }
    public required int CudaDevices { get; init; }
    public required int Threads { get; init; }
    public required int ProcessorCount { get; init; }
    public required bool CompatibilityFixActive { get; init; }
    public required string CompatibilityFix { get; init; }
    public required string Os { get; init; }
    /// <summary>The CPU's model name and native bf16 support (<see cref="CpuFeatures"/>).</summary>
    public required string Cpu { get; init; }
    public required string CpuBf16 { get; init; }
    public required string Bf16Advice { get; init; }
    public required string Dotnet { get; init; }

    /// <summary>Loads libtorch (applying the compatibility fix when needed) and describes it.</summary>
    public static RuntimeInfo Collect()
    {
        TorchRuntime.EnsureLoaded();
        var status = NativeCompatibility.Status;
        var cuda = TorchRuntime.CudaAvailable;
        var entry = Assembly.GetEntryAssembly();
        var backend = entry?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value
            ?? (status.LibtorchDir is not null && Environment.GetEnvironmentVariable("GPTLAB_LIBTORCH") is not null ? "none" : "package");
        return new RuntimeInfo
        {
            Gptlab = typeof(RuntimeInfo).Assembly.GetName().Version?.ToString() ?? "unknown",
            Torchsharp = NativeCompatibility.TorchSharpVersion,
            Libtorch = torch.__version__,
            Backend = backend,
            DefaultDevice = cuda ? "cuda" : "cpu",
            CudaAvailable = cuda,
            CudaDevices = cuda ? torch.cuda.device_count() : 0,
            Threads = torch.get_num_threads(),
            ProcessorCount = Environment.ProcessorCount,
            CompatibilityFixActive = status.PatchNeeded && status.Active,
            CompatibilityFix = status.Reason,
            Os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            Cpu = CpuFeatures.Current.Model, CpuBf16 = CpuFeatures.Current.Bf16, Bf16Advice = CpuFeatures.Current.Advice,
            Dotnet = Environment.Version.ToString(),
        };
    }
}
