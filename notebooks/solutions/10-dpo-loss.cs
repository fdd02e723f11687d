// Solution to notebook 10's exercise, "write the DPO loss". DpoLossCheckTests runs it through DpoLossCheck (it must
// pass), beside wrong losses (they must fail). Open it once your own version runs.
using static TorchSharp.torch;

namespace GptLab.Solutions;

public static class DpoLossSolution
{
    public static Tensor MyDpoLoss(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta)
    {
        // How much more the policy favours the chosen answer than the reference did, in units of β: the reward margin.
        var margin = beta * ((policyChosen - referenceChosen) - (policyRejected - referenceRejected)); // (B)
        return -nn.functional.logsigmoid(margin); // one loss per pair: ln 2 while the policy is the reference
    }
}
