using System.Runtime.CompilerServices;
using TorchSharp;

namespace GptLab.Runtime;

/// <summary>Process-wide torch setup: native loading, device choice, threads, seeds.</summary>
public static class TorchRuntime
{
#pragma warning disable CA2255 // libtorch must be loadable before any TorchSharp call, whichever GptLab type is touched first.
    [ModuleInitializer]
    internal static void InitializeModule() => NativeCompatibility.Apply();
#pragma warning restore CA2255

    /// <summary>Loads the native bridge (fixing it when needed) and fails with one clear line if it cannot.</summary>
    public static void EnsureLoaded()
    {
        var status = NativeCompatibility.Apply();
        try
        {
            _ = torch.__version__; // touches the native library
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            throw new GptLabException($"libtorch could not be loaded ({status.Reason}): restore with -p:TorchBackend=cpu or set GPTLAB_LIBTORCH to a libtorch lib folder");
        }
    }

    /// <summary>True when CUDA is usable from TorchSharp.</summary>
    public static bool CudaAvailable
    {
        get
        {
            EnsureLoaded();
            try { return torch.cuda.is_available(); }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException) { return false; }
        }
    }

    /// <summary>Picks the device: "cuda" when available unless <paramref name="requested"/> says otherwise.</summary>
    public static torch.Device ResolveDevice(string? requested)
    {
        EnsureLoaded();
        switch (requested?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return CudaAvailable ? Cuda("cuda") : torch.CPU;
            case "cpu":
                return torch.CPU;
            case var s when s.StartsWith("cuda", StringComparison.Ordinal):
                if (!CudaAvailable)
                    throw new GptLabException($"--device {requested} asked for CUDA, but CUDA is not available here: use --device cpu, or build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU");
                return Cuda(s);
            default:
                throw new GptLabException($"--device '{requested}' is not a device: use auto, cpu or cuda");
        }
    }

    // fp32 matmuls and convolutions on the GPU run on TF32 tensor cores (nanoGPT's allow_tf32 = True): 10 mantissa bits
    // in the products, fp32 accumulation; bf16 runs are unaffected.
    private static torch.Device Cuda(string name)
    {
        torch.backends.cuda.matmul.allow_tf32 = true;
        torch.backends.cudnn.allow_tf32 = true;
        return torch.device(name);
    }

    /// <summary>Seeds libtorch's global generator (dropout, initialisation).</summary>
    public static void Seed(long seed)
    {
        EnsureLoaded();
        torch.manual_seed(seed);
        if (CudaAvailable) torch.cuda.manual_seed_all(seed);
    }
}
