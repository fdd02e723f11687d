using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

/// <summary>DPO's and IPO's losses on numbers worked by hand, and the direction their gradients push.</summary>
public class PreferenceLossTests
{
    private static Tensor T(params float[] values) => tensor(values);

    [Fact]
    public void WhileThePolicyIsTheReferenceEveryPairCostsLn2()
    {
        using var scope = NewDisposeScope();
        var logps = T(-3f, -7.5f, -1f);
        var loss = PreferenceLoss.Dpo(logps, logps - 2, logps, logps - 2, beta: 0.1);
        Assert.All(loss.data<float>().ToArray(), l => Assert.Equal(Math.Log(2), l, 5));
    }

    [Fact]
    public void DpoAndIpoMatchTheirFormulasWorkedByHand()
    {
        using var scope = NewDisposeScope();
        // The policy raised the chosen answer by 1 nat and lowered the rejected one by 1 against the reference: h = 2.
        var (pc, pr, rc, rr) = (T(-1f), T(-3f), T(-2f), T(-2f));
        Assert.Equal(1.0, PreferenceLoss.Margin(pc, pr, rc, rr, 0.5).item<float>(), 5);
        Assert.Equal(Math.Log(1 + Math.Exp(-1)), PreferenceLoss.Dpo(pc, pr, rc, rr, 0.5).item<float>(), 5); // −log σ(1)
        Assert.Equal(Math.Log(1 + Math.Exp(1)), PreferenceLoss.Dpo(pr, pc, rr, rc, 0.5).item<float>(), 5); // the pair read backwards
        Assert.Equal(1.0, PreferenceLoss.Ipo(pc, pr, rc, rr, 0.5).item<float>(), 5); // (2 − 1/(2·0.5))²
        Assert.Equal(0.0, PreferenceLoss.Ipo(pc, pr, rc, rr, 0.25).item<float>(), 5); // h reached its target 1/(2·0.25)
        Assert.Equal(PreferenceLoss.Ipo(pc, pr, rc, rr, 0.5).item<float>(), PreferenceLoss.Of("ipo", pc, pr, rc, rr, 0.5).item<float>());
        Assert.Contains("use dpo or ipo", Assert.Throws<GptLabException>(() => PreferenceLoss.Of("ppo", pc, pr, rc, rr, 0.5)).Message);
    }

    [Fact]
    public void TheGradientRaisesTheChosenAnswerAndLowersTheRejectedOne()
    {
        using var scope = NewDisposeScope();
        var chosen = T(-2f).requires_grad_();
        var rejected = T(-2f).requires_grad_();
        PreferenceLoss.Dpo(chosen, rejected, T(-2f), T(-2f), 0.1).sum().backward();
        Assert.True(chosen.grad!.item<float>() < 0); // descending the loss raises log π(chosen)
        Assert.True(rejected.grad!.item<float>() > 0);
        Assert.Equal(-0.05, chosen.grad!.item<float>(), 5); // −β·σ(−margin) = −0.1 · 0.5
    }
}
