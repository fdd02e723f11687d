using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// One transformer block that keeps no activations for the backward pass (activation recomputation, PyTorch's
/// <c>torch.utils.checkpoint</c>): the forward runs the block without gradients and keeps only its input (B, T, C); the
/// backward runs the block again from that input, with gradients, and passes the incoming gradient through it. A
/// training step then holds one block's activations at a time instead of every block's, for a second forward of each
/// block. Dropout draws the same masks the second time: the random state of the first forward is restored around it.
/// </summary>
internal sealed class RecomputedBlock : autograd.SingleTensorFunction<RecomputedBlock>
{
    public override string Name => nameof(RecomputedBlock);

    /// <summary>The block's output for <paramref name="x"/> (B, T, C), differentiable in x and in the block's weights.</summary>
    public static Tensor Apply(Block block, Tensor x, ScalarType? compute) => apply(x, block, compute!);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, block) = ((Tensor)vars[0], (Block)vars[1]);
        var compute = vars[2] as ScalarType?;
        ctx.save_for_backward([x]);
        ctx.save_data("block", block);
        ctx.save_data("compute", compute!);
        using (var state = random.get_rng_state()) ctx.save_data("random", state.data<byte>().ToArray()); // bytes: no tensor to outlive the step's scope
        using var scope = NewDisposeScope(); // the block's intermediates go when it returns, not when the whole forward does
        using var noGrad = no_grad();
        return block.Forward(x, null, 0, compute).MoveToOuterDisposeScope();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        var x = ctx.get_saved_variables()[0];
        var block = (Block)ctx.get_data("block");
        var compute = ctx.get_data("compute") as ScalarType?;
        using var scope = NewDisposeScope();
        var now = random.get_rng_state();
        random.set_rng_state(tensor((byte[])ctx.get_data("random")));
        Tensor input;
        using (enable_grad())
        {
            input = x.detach().requires_grad_(true);
            block.Forward(input, null, 0, compute).backward([grad]); // the block's weights gather their gradients here
        }
        random.set_rng_state(now);
        return [input.grad!.MoveToOuterDisposeScope(), null!, null!];
    }
}
