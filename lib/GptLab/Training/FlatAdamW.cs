using GptLab.Configuration;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// The trainer's AdamW: nanoGPT's two groups (<see cref="AdamWGroups"/>), updated over flat buffers instead of parameter
/// by parameter. Each parameter, its gradient and its two moments are views into four buffers (one slice per group), so
/// backward accumulates every gradient into one tensor, clipping measures and scales it in two calls, and a step is a
/// dozen native calls instead of a dozen per parameter (docs/benchmarks.md has the times).
/// <para>
/// The arithmetic is TorchSharp's AdamW in the same order, so the weights come out bit for bit the same. The moments are
/// the state tensors of a TorchSharp <see cref="AdamW"/>, which saves and loads them: optimizer.bin keeps its format, and a
/// checkpoint written by either optimizer resumes with the other. One difference: every parameter takes part in every
/// step, so one that no loss reaches moves with its moments where PyTorch would skip it (none of GptLab's objectives has one).
/// </para>
/// </summary>
public sealed class FlatAdamW : IDisposable
{
    private readonly AdamW _optimizer;
    private readonly AdamW.State[] _states;
    private readonly Tensor _gradients; // (N): every gradient, the groups' in order
    private readonly Slice[] _groups;

    // One group's part of the four buffers and its options.
    private sealed record Slice(AdamW.ParamGroup Group, Tensor Weights, Tensor Gradients, Tensor FirstMoment, Tensor SecondMoment, AdamW.State[] States);

    public FlatAdamW(IReadOnlyList<(string Name, Parameter Parameter)> named, TrainConfig c)
    {
        _optimizer = AdamWGroups.Create(named, c);
        var groups = _optimizer.ParamGroups.Cast<AdamW.ParamGroup>().ToArray();
        _states = [.. _optimizer.state_dict().State.Cast<AdamW.State>()]; // in group, then parameter, order
        var parameters = groups.SelectMany(g => g.Parameters).ToArray();
        if (parameters.Length == 0) throw new GptLabException("nothing to train: every parameter is frozen");
        if (parameters.Any(p => p.dtype != parameters[0].dtype || p.device_type != parameters[0].device_type))
            throw new GptLabException("the trainable parameters differ in dtype or device: keep the master weights in one dtype on one device");
        var total = parameters.Sum(p => p.numel());
        var (weights, firstMoment, secondMoment) = (Flat(total, parameters[0]), Flat(total, parameters[0]), Flat(total, parameters[0]));
        _gradients = Flat(total, parameters[0]);
        var slices = new List<Slice>(); // a group without parameters (LoRA's adapters are all matrices) has none
        long offset = 0;
        var index = 0;
        using (no_grad())
            for (var g = 0; g < groups.Length; g++)
            {
                var start = offset;
                foreach (var p in groups[g].Parameters)
                {
                    var n = p.numel();
                    Tensor View(Tensor flat)
                    {
                        using var part = flat.narrow(0, offset, n);
                        return part.view(p.shape).DetachFromDisposeScope();
                    }
                    using (var weight = View(weights))
                        p.set_(weight.copy_(p)); // the parameter now lives in the flat buffer (a tied parameter too: one object)
                    using (var gradient = View(_gradients))
                        p.grad = gradient;
                    var state = _states[index++];
                    state.exp_avg.Dispose();
                    state.exp_avg_sq.Dispose();
                    (state.exp_avg, state.exp_avg_sq) = (View(firstMoment), View(secondMoment));
                    offset += n;
                }
                Tensor Part(Tensor flat) => flat.narrow(0, start, offset - start).DetachFromDisposeScope();
                if (offset > start) slices.Add(new Slice(groups[g], Part(weights), Part(_gradients), Part(firstMoment), Part(secondMoment), _states[(index - groups[g].Parameters.Count())..index]));
            }
        _groups = [.. slices];
        weights.Dispose(); // the views hold the storage
        firstMoment.Dispose();
        secondMoment.Dispose();
    }

    /// <summary>TorchSharp's optimizer behind this one: its groups' learning rates, and its state file (optimizer.bin).</summary>
    public AdamW Optimizer => _optimizer;

    /// <summary>Updates taken so far (restored by <see cref="Load"/>).</summary>
    public long Steps => _states[0].step;

    /// <summary>Sets every gradient to zero in one call.</summary>
    public void ZeroGrad() => _gradients.zero_();

    /// <summary><see cref="GradientClipping.ClipByTotalNorm(Tensor, double)"/> over the one gradient buffer.</summary>
    public Tensor ClipGradients(double maxNorm) => GradientClipping.ClipByTotalNorm(_gradients, maxNorm);

    /// <summary>One AdamW update at learning rate <paramref name="lr"/>, TorchSharp's arithmetic per group.</summary>
    public void Step(double lr)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var s in _groups)
        {
            var o = (AdamW.Options)s.Group.Options;
            var (beta1, beta2, eps, decay) = (o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value);
            o.LearningRate = lr;
            var step = s.States[0].step + 1;
            foreach (var state in s.States) state.step = step;
            s.Weights.mul_(1 - lr * decay);
            var biasCorrection1 = 1 - Math.Pow(beta1, step);
            var biasCorrection2 = 1 - Math.Pow(beta2, step);
            s.FirstMoment.mul_(beta1).add_(s.Gradients, alpha: 1 - beta1);
            s.SecondMoment.mul_(beta2).addcmul_(s.Gradients, s.Gradients, value: 1 - beta2);
            var denominator = s.SecondMoment.sqrt().div_(Math.Sqrt(biasCorrection2)).add_(eps); // one temporary buffer, not two
            s.Weights.addcdiv_(s.FirstMoment, denominator, value: -(lr / biasCorrection1));
        }
    }

    /// <summary>Restores the moments, step counts and options from an optimizer.bin.</summary>
    public void Load(string path)
    {
        _optimizer.load_state_dict(path); // loads into the state tensors, which are views of the moments' buffers
        foreach (var s in _groups)
            if (s.States.Any(state => state.step != s.States[0].step))
                throw new InvalidDataException("the saved AdamW state has parameters at different step counts (an optimizer that skipped some); it cannot be resumed over one buffer");
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _gradients.Dispose();
        foreach (var s in _groups)
        {
            s.Weights.Dispose();
            s.Gradients.Dispose();
            s.FirstMoment.Dispose();
            s.SecondMoment.Dispose();
        }
    }

    private static Tensor Flat(long total, Tensor like) => zeros(total, dtype: like.dtype, device: like.device).DetachFromDisposeScope();
}
