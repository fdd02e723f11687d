using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// The precisions a GPT computes in, as written in a run's config ("dtype"). Weights always stay fp32 (the master copy
/// AdamW updates); bfloat16 casts each matmul's inputs (<see cref="MixedPrecision"/>), as PyTorch's autocast would.
/// </summary>
public static class Precision
{
    public const string Float32 = "float32";

    /// <summary>bf16 matmuls with fp32 master weights: nanoGPT's dtype='bfloat16' on a GPU.</summary>
    public const string BFloat16 = "bfloat16";

    public static IReadOnlyList<string> All { get; } = [Float32, BFloat16];

    /// <summary>The matmul dtype for <paramref name="dtype"/>: null for fp32 (no casts).</summary>
    public static ScalarType? ComputeDtype(string dtype) => dtype switch
    {
        Float32 => null,
        BFloat16 => ScalarType.BFloat16,
        _ => throw new GptLabException($"dtype='{dtype}' must be {string.Join(" or ", All)}"),
    };
}
