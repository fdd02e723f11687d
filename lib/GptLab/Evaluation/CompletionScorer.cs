using GptLab.Data.Tasks;
using GptLab.Model;
using GptLab.Tokenization;
using static TorchSharp.torch;

namespace GptLab.Evaluation;

/// <summary>
/// How likely a language model finds a completion after a prompt: the summed log-probability (nats) of the
/// completion's tokens, each given the prompt and the completion's earlier tokens. Comparing two completions of one
/// prompt ("taller" against "shorter", "she" against "he") asks the model a multiple-choice question without letting
/// it generate: the probing the limitations lab's bias and transitive-inference experiments use.
/// </summary>
public static class CompletionScorer
{
    /// <summary>Prompts per forward pass.</summary>
    private const int Batch = 32;

    /// <summary>
    /// log P(completion | prompt) for each pair. Prompt and completion are encoded apart and joined, so a completion's
    /// first token is the same for every prompt; a pair longer than the context keeps the prompt's end.
    /// </summary>
    public static double[] LogProbabilities(Gpt model, ITokenizer tokenizer, IReadOnlyList<(string Prompt, string Completion)> pairs) =>
        LogProbabilities(model, [.. pairs.Select(p =>
        {
            var (prompt, completion) = (tokenizer.Encode(p.Prompt), tokenizer.Encode(p.Completion));
            if (prompt.Length == 0 || completion.Length == 0)
                throw new GptLabException($"prompt '{p.Prompt}' and completion '{p.Completion}' both need at least one token: score a longer text");
            return (prompt, completion);
        })]);

    /// <summary>
    /// log P(completion | prompt) for pairs of token ids (a chat prompt rendered with its control tokens, an answer and
    /// its end token); a pair longer than the context keeps the prompt's end.
    /// </summary>
    public static double[] LogProbabilities(Gpt model, IReadOnlyList<(int[] Prompt, int[] Completion)> pairs)
    {
        var T = model.Config.BlockSize;
        var encoded = pairs.Select(p =>
        {
            if (p.Prompt.Length == 0 || p.Completion.Length == 0)
                throw new GptLabException("a prompt and its completion both need at least one token: score a longer text");
            if (p.Completion.Length >= T)
                throw new GptLabException($"a completion of {p.Completion.Length} tokens does not fit the model's context of {T}: score a shorter completion");
            var ids = p.Prompt.Concat(p.Completion).ToArray();
            return (Ids: ids.Length > T + 1 ? ids[^(T + 1)..] : ids, Completion: p.Completion.Length);
        }).ToArray();

        var result = new double[pairs.Count];
        using (EvalMode.Enter(model))
        {
            for (var start = 0; start < encoded.Length; start += Batch)
            {
                using var scope = NewDisposeScope();
                var chunk = encoded[start..Math.Min(encoded.Length, start + Batch)];
                var length = chunk.Max(c => c.Ids.Length) - 1; // inputs are all ids but the last
                var x = new long[chunk.Length * length]; // right-padded with id 0: a causal model never looks ahead
                for (var b = 0; b < chunk.Length; b++)
                    for (var t = 0; t < chunk[b].Ids.Length - 1; t++) x[b * length + t] = chunk[b].Ids[t];
                var logits = model.forward(tensor(x, [chunk.Length, length], device: model.Device)); // (B, t, V)
                var V = (int)logits.shape[2];
                var logProbs = nn.functional.log_softmax(logits.to_type(ScalarType.Float32), -1).cpu().data<float>().ToArray(); // (B, t, V) flattened
                for (var b = 0; b < chunk.Length; b++)
                {
                    var (ids, count) = chunk[b];
                    var sum = 0.0;
                    for (var k = ids.Length - count; k < ids.Length; k++) sum += logProbs[((long)b * length + k - 1) * V + ids[k]]; // position k-1 predicts token k
                    result[start + b] = sum;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// For each question, the probability the model gives the right completion when it must choose between the right
    /// and the wrong one: P(right) / (P(right) + P(wrong)). Above 0.5 means it prefers the right one.
    /// </summary>
    public static double[] PreferRight(Gpt model, ITokenizer tokenizer, IReadOnlyList<ChoiceQuestion> questions)
    {
        var pairs = questions.SelectMany(q => new[] { (q.Prompt, q.Right), (q.Prompt, q.Wrong) }).ToArray();
        var logProbs = LogProbabilities(model, tokenizer, pairs);
        return [.. questions.Select((_, i) => 1 / (1 + Math.Exp(logProbs[2 * i + 1] - logProbs[2 * i])))];
    }
}
