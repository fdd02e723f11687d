using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Model;
using GptLab.Sampling;

namespace GptLab.Evaluation;

/// <summary>
/// Scores a model on held-out conversations with greedy decoding (nanochat's chat_eval): format adherence for every
/// family, exact match where the answer is unique. Works on base models too: their "before SFT" numbers.
/// </summary>
public static class ChatEvaluation
{
    /// <summary>
    /// Answers every example's prompt greedily (at most <paramref name="maxNewTokens"/> tokens) and scores it; with the
    /// <paramref name="training"/> examples, each family's majority baseline beside its score.
    /// </summary>
    public static ChatReport Run(Gpt model, ChatTemplate template, IReadOnlyList<ChatExample> examples, int maxNewTokens = 96, IReadOnlyList<ChatExample>? training = null)
    {
        var replier = new ChatReplier(model, template);
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = maxNewTokens };
        var answers = new List<ChatAnswer>(examples.Count);
        foreach (var example in examples)
        {
            var prompt = template.RenderPrompt(example.Prompt);
            if (prompt.Length >= replier.ContextLength)
            {
                answers.Add(new ChatAnswer(example, "", false, example.ExactAnswer ? false : null)); // no room to answer
                continue;
            }
            var answer = SampledAnswer.Of([.. replier.ReplyIds(prompt, options)], template); // ReplyIds stops at the first control id
            answers.Add(new ChatAnswer(example, answer.Text, answer.WellFormed, example.ExactAnswer ? answer.Solves(example) : null));
        }
        return new ChatReport(answers, training);
    }
}
