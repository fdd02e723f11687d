using GptLab.Experiments;
using GptLab.Solutions;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>Notebook 03's exercise check: the solution's 20 losses are the trainer's; a step missing a part is named, and no loss is printed.</summary>
public class TrainingStepCheckTests
{
    private static (bool Right, string Message) Check(TrainingStepCheck.Step step) => TrainingStepCheck.Compare(step);

    [Fact]
    public void TheSolutionTrainsAsTheTrainerDoes() => Assert.True(Check(TrainingStepSolution.MyStep).Right, Check(TrainingStepSolution.MyStep).Message);

    [Theory]
    [InlineData("zero", "never zeroes the gradients")]
    [InlineData("clip", "does not clip")]
    [InlineData("step", "never changes")]
    [InlineData("backward", "never changes")]
    [InlineData("after", "first loss")]
    [InlineData("order", "does not clip")]
    [InlineData("twice", "leave the trainer's at step 1")]
    [InlineData("tied twice", "counts one weight twice")]
    [InlineData("throw", "threw InvalidOperationException")]
    public void AStepMissingAPartFailsWithItsHintAndNoLoss(string mistake, string hint)
    {
        TrainingStepCheck.Step step = (model, optimizer, x, y, clip) =>
        {
            if (mistake == "throw") throw new InvalidOperationException("not written");
            if (mistake != "zero") optimizer.zero_grad();
            var loss = model.Loss(x, y);
            var parameters = mistake == "tied twice" ? model.parameters() : model.DistinctParameters().Select(p => p.Parameter); // parameters() lists the tied head again
            if (mistake == "order") nn.utils.clip_grad_norm_(parameters, clip); // before backward: nothing to clip yet
            if (mistake != "backward") loss.backward();
            if (mistake is not ("clip" or "order")) nn.utils.clip_grad_norm_(parameters, clip);
            if (mistake != "step") optimizer.step();
            if (mistake == "twice") optimizer.step();
            return mistake == "after" ? model.Loss(x, y).item<float>() : loss.item<float>();
        };
        var (right, message) = Check(step);
        Assert.False(right);
        Assert.Contains(hint, message);
        Assert.DoesNotMatch(@"\d\.\d{3}", message); // no loss value
    }
}
