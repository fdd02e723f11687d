using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// The losses of learning from comparisons. A reward model fits the Bradley–Terry model P(chosen ≻ rejected) =
/// σ(r_c − r_r) to its rewards (<see cref="BradleyTerry"/>). Direct preference optimisation (Rafailov et al. 2023) fits
/// the same model with an implicit reward, β·log(π/π_ref), from four (B) tensors: the summed log-probability of each
/// pair's chosen and rejected answer under the policy being trained and under the frozen reference.
/// </summary>
public static class PreferenceLoss
{
    /// <summary>Bradley–Terry's negative log-likelihood per pair (B): −log σ(r_c − r_r); ln 2 while both rewards are equal.</summary>
    public static Tensor BradleyTerry(Tensor rewardChosen, Tensor rewardRejected) =>
        -nn.functional.logsigmoid(rewardChosen - rewardRejected);

    /// <summary>
    /// Margins closer to 0 than this are ties, each counted as half a right answer: at step 0 a policy is its reference
    /// (and a fresh reward head scores every answer alike), and float noise would otherwise decide the pair.
    /// </summary>
    public const double TieMargin = 1e-4;

    /// <summary>How many pairs the margins (B) get right: a positive margin counts one, a tie (<see cref="TieMargin"/>) half.</summary>
    public static double Right(Tensor margins) =>
        margins.gt(TieMargin).sum().item<long>() + 0.5 * margins.abs().le(TieMargin).sum().item<long>();

    /// <summary>
    /// Each pair's implicit reward margin, β·[(log π(c) − log π_ref(c)) − (log π(r) − log π_ref(r))] (B): positive
    /// when the policy prefers the chosen answer more than the reference did.
    /// </summary>
    public static Tensor Margin(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta) =>
        beta * ((policyChosen - referenceChosen) - (policyRejected - referenceRejected));

    /// <summary>DPO: −log σ(margin) per pair (B), Bradley–Terry on the implicit rewards; ln 2 while the policy is the reference.</summary>
    public static Tensor Dpo(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta) =>
        BradleyTerry(beta * (policyChosen - referenceChosen), beta * (policyRejected - referenceRejected));

    /// <summary>
    /// IPO (Azar et al. 2023): (h − 1/(2β))² per pair (B), h the log-ratio difference (the margin without β). It pulls
    /// h towards a target instead of pushing it without end, so β keeps its meaning when pairs are learnt perfectly.
    /// </summary>
    public static Tensor Ipo(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta) =>
        (Margin(policyChosen, policyRejected, referenceChosen, referenceRejected, 1.0) - 1.0 / (2 * beta)).square();

    /// <summary>The loss a run's dpo.loss setting names ("dpo" or "ipo"), per pair (B).</summary>
    public static Tensor Of(string loss, Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta) => loss switch
    {
        "dpo" => Dpo(policyChosen, policyRejected, referenceChosen, referenceRejected, beta),
        "ipo" => Ipo(policyChosen, policyRejected, referenceChosen, referenceRejected, beta),
        _ => throw new GptLabException($"unknown preference loss '{loss}': use dpo or ipo"),
    };
}
