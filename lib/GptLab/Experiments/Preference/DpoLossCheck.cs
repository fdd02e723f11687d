using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Experiments.Preference;

/// <summary>
/// Checks a learner's DPO loss (notebook 10's exercise) against <see cref="PreferenceLoss.Dpo"/> on random batches of
/// log-probabilities, at two values of β. It says whether the two agree and, when they do not, what kind of mistake it
/// is (the shape, or the values), never what the right values are.
/// </summary>
public static class DpoLossCheck
{
    /// <summary>A loss of (policy chosen, policy rejected, reference chosen, reference rejected, β), one value per pair.</summary>
    public delegate Tensor Loss(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta);

    /// <summary>Whether <paramref name="mine"/> equals the library's DPO loss pair by pair (to 1e-5), and a hint when it does not.</summary>
    public static (bool Right, string Message) Compare(Loss mine)
    {
        var random = new Random(2023);
        foreach (var beta in new[] { 0.1, 0.5 })
        {
            using var scope = NewDisposeScope();
            // Summed log-probabilities of 8 answers of a few tokens each: negative, a few nats apart.
            Tensor Draw() => tensor(Enumerable.Range(0, 8).Select(_ => (float)(-1 - 10 * random.NextDouble())).ToArray());
            var (pc, pr, rc, rr) = (Draw(), Draw(), Draw(), Draw());
            Tensor yours;
            try
            {
                yours = mine(pc, pr, rc, rr, beta);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (false, $"Not yet: your loss threw {e.GetType().Name} ({e.Message.Split('\n')[0]}).");
            }
            if (!yours.shape.SequenceEqual([8L]))
                return (false, $"Not yet: your loss has shape ({string.Join(", ", yours.shape)}); it should give one value per pair, shape (8), not their mean.");
            var expected = PreferenceLoss.Dpo(pc, pr, rc, rr, beta);
            if (!yours.to_type(ScalarType.Float32).allclose(expected, rtol: 1e-4, atol: 1e-5))
                return (false, $"Not yet: your values differ from the DPO loss at β = {beta}. Check which differences the margin subtracts, where β multiplies, and the sign in front of log σ.");
        }
        return (true, "Right: your loss is the DPO loss on every pair, at both values of β.");
    }
}
