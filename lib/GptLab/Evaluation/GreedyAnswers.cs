using GptLab.Model;
using GptLab.Sampling;
using GptLab.Tokenization;

namespace GptLab.Evaluation;

/// <summary>
/// Exact-match question answering for a plain language model (no chat template): each prompt continued greedily up to
/// the end of the line, compared with the expected answer character for character.
/// </summary>
public static class GreedyAnswers
{
    /// <summary>The greedy continuation of each prompt, up to (not including) the first newline.</summary>
    public static string[] Complete(Gpt model, ITokenizer tokenizer, IEnumerable<string> prompts, int maxNewTokens = 30)
    {
        var sampler = new Sampler(model, tokenizer);
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = maxNewTokens, StopSequences = ["\n"] };
        return [.. prompts.Select(p => sampler.Generate(p, options))];
    }

    /// <summary>
    /// Whether the greedy answer to each question is exactly its expected answer (the whole rest of the line), or with
    /// <paramref name="wholeLine"/> false whether it starts with it (a sentence the text would go on after).
    /// </summary>
    public static bool[] Right(Gpt model, ITokenizer tokenizer, IReadOnlyList<(string Prompt, string Answer)> questions, bool wholeLine = true, int maxNewTokens = 30)
    {
        var given = Complete(model, tokenizer, questions.Select(q => q.Prompt), maxNewTokens);
        return [.. questions.Select((q, i) => wholeLine ? given[i] == q.Answer : given[i].StartsWith(q.Answer, StringComparison.Ordinal))];
    }
}
