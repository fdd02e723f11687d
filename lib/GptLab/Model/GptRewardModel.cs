using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// A GPT with a scalar head: InstructGPT's reward model, the SFT model with its unembedding replaced by a projection to
/// one number. The final hidden state at each conversation's last real token (the end of the answer, which has seen
/// the whole conversation) → a linear layer <c>score</c> → the reward. Causal attention means right padding never
/// changes it.
/// </summary>
public sealed class GptRewardModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Gpt gpt;
    private readonly Linear score;

    public GptRewardModel(Gpt backbone) : base(nameof(GptRewardModel))
    {
        gpt = backbone;
        score = nn.Linear(backbone.Config.NEmbd, 1, hasBias: true);
        RegisterComponents();
        using (no_grad())
        {
            // Every answer starts at reward 0: before training the model prefers nothing (every pair a tie). The
            // weights still learn, from the hidden states, at the first step.
            nn.init.zeros_(score.weight!);
            nn.init.zeros_(score.bias!);
        }
    }

    /// <summary>The GPT under the head (an SFT model's weights, then the reward model's).</summary>
    public Gpt Backbone => gpt;

    /// <summary>The head alone, for saving beside the backbone's checkpoint.</summary>
    public nn.Module Head => score;

    /// <summary>Rewards (B), fp32, for right-padded ids (B, T) whose real lengths are <paramref name="lengths"/> (B).</summary>
    public override Tensor forward(Tensor idx, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var hidden = gpt.Hidden(idx); // (B, T, C)
        var last = hidden[arange(hidden.shape[0], device: idx.device), lengths - 1]; // (B, C): each sequence's last real token
        return MixedPrecision.Logits(score, last, gpt.ComputeDtype).squeeze(-1).MoveToOuterDisposeScope(); // (B)
    }

    /// <summary>Backbone parameters (tied head once) followed by the reward head's.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> DistinctParameters() =>
        [.. gpt.DistinctParameters(), .. score.named_parameters().Select(p => ("score." + p.name, p.parameter))];
}
