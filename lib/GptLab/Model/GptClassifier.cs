using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Model;

/// <summary>
/// A GPT with a classification head (GPT-1's discriminative fine-tuning; Hugging Face's GPT2ForSequenceClassification
/// calls the head <c>score</c>): the final hidden states averaged over each sequence's real tokens → a linear layer →
/// class logits. GPT-1 read the last token only; on short character windows the mean was the better feature here.
/// Causal attention and the length mask mean right padding never changes the result.
/// </summary>
public sealed class GptClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Gpt gpt;
    private readonly Linear score;

    public GptClassifier(Gpt backbone, int classes) : base(nameof(GptClassifier))
    {
        if (classes < 2) throw new GptLabException($"a classifier needs at least 2 classes, got {classes}");
        gpt = backbone;
        score = nn.Linear(backbone.Config.NEmbd, classes, hasBias: true);
        RegisterComponents();
        using (no_grad())
        {
            nn.init.normal_(score.weight!, 0.0, 0.02); // GPT-2 initialisation, like the rest of the model
            nn.init.zeros_(score.bias!);
        }
    }

    /// <summary>The pretrained (or fresh) GPT under the head.</summary>
    public Gpt Backbone => gpt;

    /// <summary>The head alone, for saving beside the backbone's checkpoint.</summary>
    public nn.Module Head => score;

    /// <summary>Class logits (B, classes) for right-padded ids (B, T) whose real lengths are <paramref name="lengths"/> (B).</summary>
    public override Tensor forward(Tensor idx, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var hidden = gpt.Hidden(idx); // (B, T, C)
        var T = hidden.shape[1];
        var real = (arange(T, device: idx.device).view(1, -1) < lengths.view(-1, 1)).unsqueeze(-1).to(hidden.dtype); // (B, T, 1)
        var features = (hidden * real).sum(1) / lengths.view(-1, 1).to(hidden.dtype); // (B, C): mean over real tokens
        return MixedPrecision.Logits(score, features, gpt.ComputeDtype).MoveToOuterDisposeScope(); // (B, classes): computed in the backbone's precision, returned in fp32
    }

    /// <summary>
    /// Right-pads <paramref name="sequences"/> with id 0 to the longest (at most <paramref name="T"/>): ids (B, L) and real
    /// lengths (B), as <see cref="forward"/> takes them. An empty text keeps one pad token.
    /// </summary>
    public static (Tensor Ids, Tensor Lengths) Pad(int[][] sequences, int T, Device device)
    {
        var L = Math.Clamp(sequences.Max(s => s.Length), 1, T);
        var ids = new long[sequences.Length * L];
        var lengths = new long[sequences.Length];
        for (var b = 0; b < sequences.Length; b++)
        {
            var s = sequences[b];
            for (var t = 0; t < s.Length; t++) ids[b * L + t] = s[t];
            lengths[b] = Math.Max(1, s.Length);
        }
        return (tensor(ids, [sequences.Length, L], device: device), tensor(lengths, device: device));
    }

    /// <summary>Backbone parameters (tied head once) followed by the classification head's.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> DistinctParameters() =>
        [.. gpt.DistinctParameters(), .. score.named_parameters().Select(p => ("score." + p.name, p.parameter))];
}
