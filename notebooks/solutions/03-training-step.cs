// Solution to notebook 03's exercise, "one training step". TrainingStepCheckTests runs it through TrainingStepCheck (it
// must pass), beside wrong steps (they must fail). Open it once your own version runs.
using GptLab.Model;
using static TorchSharp.torch;

namespace GptLab.Solutions;

public static class TrainingStepSolution
{
    public static float MyStep(Gpt model, optim.Optimizer optimizer, Tensor x, Tensor y, double gradClip)
    {
        optimizer.zero_grad(); // backward() adds to .grad: without this, every step would carry all the earlier gradients
        var loss = model.Loss(x, y); // mean cross-entropy over the (B, T) next-token targets
        loss.backward(); // d loss / d weight, into each weight's .grad
        // After the gradients exist, before they are used; each weight once (the head shares the token embedding's weight).
        nn.utils.clip_grad_norm_(model.DistinctParameters().Select(p => p.Parameter), gradClip);
        optimizer.step(); // AdamW at the learning rate the schedule set
        return loss.item<float>(); // the value before the update: the loss this batch had
    }
}
