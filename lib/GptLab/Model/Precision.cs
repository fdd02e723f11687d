using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// The precisions a GPT computes in, as written in a run's config ("dtype"). Trained weights always stay fp32 (the
/// master copy AdamW updates); bfloat16 casts each matmul's inputs (<see cref="MixedPrecision"/>), as PyTorch's autocast
/// would, and holds a LoRA model's frozen matmul weights in bf16 (<see cref="Gpt.AddAdapters"/>).
/// </summary>
public static class Precision
{
    public const string Float32 = "float32";

    /// <summary>bf16 matmuls with fp32 master weights: nanoGPT's dtype='bfloat16' on a GPU.</summary>
    public const string BFloat16 = "bfloat16";

    /// <summary>
    /// A run setting, never a model's: bf16 where this machine runs this model's training step measurably faster in bf16,
    /// fp32 elsewhere. The stage settles it before the run's config is saved (<c>PrecisionChoice</c>).
    /// </summary>
    public const string Auto = "auto";

    /// <summary>The precisions a model computes in.</summary>
    public static IReadOnlyList<string> All { get; } = [Float32, BFloat16];

    /// <summary>What a run's dtype setting may say: a precision, or <see cref="Auto"/>.</summary>
    public static IReadOnlyList<string> Settings { get; } = [Float32, BFloat16, Auto];

    /// <summary>The --dtype option's help, one text for every verb that trains.</summary>
    public const string OptionHelp = "float32, bfloat16 (bf16 matmuls, fp32 master weights; a LoRA base held in bf16), or auto (bf16 where this machine measured this model's training step faster in it)";

    /// <summary>The matmul dtype for <paramref name="dtype"/>: null for fp32 (no casts).</summary>
    public static ScalarType? ComputeDtype(string dtype) => dtype switch
    {
        Float32 => null,
        BFloat16 => ScalarType.BFloat16,
        Auto => throw new GptLabException("dtype='auto' is a run setting that its stage settles before it builds a model (PrecisionChoice): build the model with float32 or bfloat16"),
        _ => throw new GptLabException($"dtype='{dtype}' must be {string.Join(" or ", All)}"),
    };
}
