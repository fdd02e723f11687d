using GptLab.Experiments.Preference;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>Notebook 10's exercise check: it accepts the DPO loss and refuses the mistakes a learner makes, without giving the answer away.</summary>
public class DpoLossCheckTests
{
    [Fact]
    public void TheLibrarysLossAndAnEquivalentWritingPass()
    {
        Assert.True(DpoLossCheck.Compare(PreferenceLoss.Dpo).Right);
        Assert.True(DpoLossCheck.Compare(GptLab.Solutions.DpoLossSolution.MyDpoLoss).Right); // notebooks/solutions/10-dpo-loss.cs
        // The same loss written another way: log(1 + e^(−m)) = softplus(−m).
        Assert.True(DpoLossCheck.Compare((pc, pr, rc, rr, b) => nn.functional.softplus(-b * ((pc - pr) - (rc - rr)))).Right);
    }

    [Fact]
    public void CommonMistakesFailWithAHintAndNoExpectedNumbers()
    {
        var mistakes = new DpoLossCheck.Loss[]
        {
            (pc, pr, rc, rr, b) => -nn.functional.logsigmoid(b * ((pr - rr) - (pc - rc))), // chosen and rejected swapped
            (pc, pr, rc, rr, b) => -nn.functional.logsigmoid(b * (pc - pr)), // no reference
            (pc, pr, rc, rr, b) => -nn.functional.logsigmoid((pc - rc) - (pr - rr)), // no β
            (pc, pr, rc, rr, b) => nn.functional.logsigmoid(b * ((pc - rc) - (pr - rr))), // the sign
        };
        foreach (var wrong in mistakes)
        {
            var (right, message) = DpoLossCheck.Compare(wrong);
            Assert.False(right);
            Assert.StartsWith("Not yet: your values differ", message);
            Assert.DoesNotMatch(@"\d\.\d{3}", message); // no loss value printed
        }
        var mean = DpoLossCheck.Compare((pc, pr, rc, rr, b) => PreferenceLoss.Dpo(pc, pr, rc, rr, b).mean());
        Assert.False(mean.Right);
        Assert.Contains("one value per pair", mean.Message);
        var thrown = DpoLossCheck.Compare((pc, pr, rc, rr, b) => throw new NotImplementedException("write the loss"));
        Assert.Contains("NotImplementedException (write the loss)", thrown.Message);
    }
}
