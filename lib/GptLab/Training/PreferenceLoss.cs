using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// The losses of direct preference optimisation, from four (B) tensors: the summed log-probability of each pair's
/// chosen and rejected answer under the policy being trained and under the frozen reference. DPO (Rafailov et al. 2023)
/// reads β·log(π/π_ref) as an implicit reward r and fits the Bradley–Terry model P(chosen ≻ rejected) = σ(r_c − r_r).
/// </summary>
public static class PreferenceLoss
{
    /// <summary>
    /// Each pair's implicit reward margin, β·[(log π(c) − log π_ref(c)) − (log π(r) − log π_ref(r))] (B): positive
    /// when the policy prefers the chosen answer more than the reference did.
    /// </summary>
    public static Tensor Margin(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta) =>
        beta * ((policyChosen - referenceChosen) - (policyRejected - referenceRejected));

    /// <summary>DPO: −log σ(margin) per pair (B); ln 2 while the policy is the reference.</summary>
    public static Tensor Dpo(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta) =>
        -nn.functional.logsigmoid(Margin(policyChosen, policyRejected, referenceChosen, referenceRejected, beta));

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
