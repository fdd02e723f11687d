using GptLab.Model;
using GptLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Benchmarks;

/// <summary>
/// How far a device's logits are from the CPU's fp32 logits for the same weights and ids: the check that a GPU (another
/// libtorch, other kernels, TF32) computes the same model. Relative error ‖device − cpu‖ / ‖cpu‖ over every logit.
/// </summary>
/// <param name="Fp32">The run's model in fp32 on the device (TF32 matmuls on a GPU).</param>
/// <param name="Bf16">The same weights with bf16 matmuls on the device.</param>
public sealed record DeviceAgreement(double Fp32, double Bf16)
{
    /// <summary>Logits of 4 random sequences of the model's block size for a model of <paramref name="config"/> seeded with <paramref name="seed"/>.</summary>
    public static DeviceAgreement Measure(GptConfig config, Device device, long seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        config = config with { Dropout = 0 };
        TorchRuntime.Seed(seed);
        using var reference = new Gpt(config);
        reference.eval();
        var ids = randint(0, config.VocabSize, [4, config.BlockSize], dtype: ScalarType.Int64); // (4, T)
        var expected = reference.forward(ids); // (4, T, V) fp32 on the CPU
        double Error(string dtype)
        {
            using var model = new Gpt(config, dtype);
            model.load_state_dict(reference.state_dict());
            model.to(device).eval();
            var logits = model.forward(ids.to(device)).to(ScalarType.Float32).cpu();
            return ((logits - expected).norm() / expected.norm()).item<float>();
        }
        return new DeviceAgreement(Error(Precision.Float32), Error(Precision.BFloat16));
    }
}
