using System.Text;
using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Evaluation;

/// <summary>
/// How surprised a language model is by a text: the mean next-token loss (nats per token) over consecutive windows of
/// its context, as the trainer's validation loss is measured, and bits per character (comparable across tokenizers).
/// <c>gptlab score</c> and the distributional-shift experiment use it: text unlike the training data costs more.
/// </summary>
public static class TextLoss
{
    /// <summary>Windows per forward pass.</summary>
    private const int Batch = 16;

    /// <summary>
    /// Scores <paramref name="text"/> (at most <paramref name="maxTokens"/> tokens from its start). Characters the
    /// tokenizer cannot encode (a character-level vocabulary) are left out and counted, or with <paramref name="strict"/>
    /// are an error naming the first.
    /// </summary>
    public static TextLossResult Score(Gpt model, ITokenizer tokenizer, string text, string name, bool strict = false, int maxTokens = 200_000)
    {
        var (kept, skipped) = Encodable(tokenizer, text, strict, name);
        var ids = tokenizer.Encode(kept);
        var capped = ids.Length > maxTokens + 1;
        if (capped) ids = ids[..(maxTokens + 1)];
        if (ids.Length < 2)
            throw new GptLabException($"'{name}' has {ids.Length} token{(ids.Length == 1 ? "" : "s")} the model can read: a loss needs at least 2; give a longer text");
        var T = model.Config.BlockSize;
        var predicted = ids.Length - 1; // every token after the first is a target
        var full = predicted / T; // windows of T inputs and their T next tokens; then the rest, shorter
        var windows = Enumerable.Range(0, full).Select(w => (Start: w * T, Length: T)).ToList();
        if (predicted % T > 0) windows.Add((full * T, predicted % T));
        var nats = 0.0;
        var perWindow = new List<(double Loss, int Tokens)>(windows.Count);
        using (EvalMode.Enter(model))
        {
            foreach (var group in windows.GroupBy(w => w.Length))
                foreach (var chunk in group.Chunk(Batch))
                {
                    using var scope = NewDisposeScope();
                    var length = group.Key;
                    var x = new long[chunk.Length * length];
                    var y = new long[chunk.Length * length];
                    for (var b = 0; b < chunk.Length; b++)
                        for (var t = 0; t < length; t++)
                            (x[b * length + t], y[b * length + t]) = (ids[chunk[b].Start + t], ids[chunk[b].Start + t + 1]);
                    var inputs = tensor(x, [chunk.Length, length], device: model.Device); // (B, t)
                    var targets = tensor(y, [chunk.Length, length], device: model.Device); // (B, t)
                    var logits = model.forward(inputs); // (B, t, V)
                    var losses = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1), reduction: nn.Reduction.None)
                        .view(chunk.Length, length).mean([1L]).cpu().data<float>().ToArray(); // (B): each window's mean
                    foreach (var loss in losses)
                    {
                        perWindow.Add((loss, length));
                        nats += loss * length;
                    }
                }
        }
        var characters = tokenizer.Decode(ids[1..]).Length; // what the predicted tokens spell
        return new TextLossResult(name, predicted, nats / predicted, nats / Math.Log(2) / Math.Max(1, characters), skipped, capped, perWindow);
    }

    // The text without the characters the tokenizer cannot encode, and how many were left out.
    private static (string Kept, int Skipped) Encodable(ITokenizer tokenizer, string text, bool strict, string name)
    {
        if (tokenizer.Kind != Tokenizers.Char) return (text, 0); // byte-level vocabularies encode every character
        var known = new Dictionary<Rune, bool>();
        var kept = new StringBuilder(text.Length);
        var skipped = 0;
        var position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!known.TryGetValue(rune, out var ok))
            {
                try { tokenizer.Encode(rune.ToString()); ok = true; }
                catch (GptLabException) { ok = false; }
                known[rune] = ok;
            }
            if (ok) kept.Append(rune.ToString());
            else if (strict)
                throw new GptLabException($"'{name}' has '{rune}' (U+{rune.Value:X4}) at character {position}, which the model's character vocabulary lacks: drop --strict to leave such characters out");
            else skipped++;
            position += rune.Utf16SequenceLength;
        }
        return (kept.ToString(), skipped);
    }
}
