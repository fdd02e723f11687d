using GptLab.Model;
using static TorchSharp.torch;

namespace GptLab.Tests.Model;

public class EvalModeTests
{
    [Fact]
    public void EvaluatesWithoutGradientsThenRestoresTheMode()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(dropout: 0.1));
        model.train();
        using (EvalMode.Enter(model))
        {
            Assert.False(model.training);
            Assert.False(is_grad_enabled());
            using var logits = model.forward(TorchFixture.Ids(1, 2, 3));
            Assert.False(logits.requires_grad);
        }
        Assert.True(model.training);
        Assert.True(is_grad_enabled());

        model.eval(); // a model already in eval mode stays there
        using (EvalMode.Enter(model)) Assert.False(model.training);
        Assert.False(model.training);
    }
}
