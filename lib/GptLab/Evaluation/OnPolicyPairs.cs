using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Model;

namespace GptLab.Evaluation;

/// <summary>
/// Preference pairs mined from a chat model's own answers (on-policy correctness pairs): the model answers each
/// question several times at temperature 1, the task's checker (<see cref="SampledAnswer.Solves"/>) judges each answer,
/// and in a question answered both right and wrong each wrong answer makes a pair with a right one, so a mistake the
/// model makes often is pushed down as often as it was sampled (as RL's group advantage pushes each sampled answer). A
/// question the model never answers right gives none: the pairs can only sharpen what the model can already sample. A
/// wrong answer counts only when it ended with the end token, because a pair's answers are rendered as ended replies;
/// the texts are tokenised again, so a rejected answer's ids can differ from the sampled ones where the tokenizer has
/// two spellings of it.
/// </summary>
public static class OnPolicyPairs
{
    /// <summary>
    /// The pairs of <paramref name="questions"/> from <paramref name="samples"/> answers of <paramref name="model"/>
    /// each, at most <paramref name="maxNewTokens"/> ids long (question q's drawn with seed <paramref name="seed"/> + q);
    /// <paramref name="unit"/> names what a question is about.
    /// </summary>
    public static List<PreferencePair> Mine(Gpt model, ChatTemplate template, IReadOnlyList<ChatExample> questions, Func<ChatExample, string> unit, int samples, int maxNewTokens, long seed)
    {
        var pairs = new List<PreferencePair>();
        for (var q = 0; q < questions.Count; q++)
        {
            var question = questions[q];
            var answers = SampledAnswer.Group(model, template, template.RenderPrompt(question.Prompt), samples, 1.0, maxNewTokens, seed + q);
            var right = answers.FirstOrDefault(a => a.Solves(question));
            if (right is null) continue;
            var wrong = answers.Where(a => a.WellFormed && !a.Solves(question)).Select(a => a.Text.Trim()).ToList();
            pairs.AddRange(wrong.Select(w => new PreferencePair(question.Family, question.Prompt, right.Text.Trim(), w, unit(question))));
        }
        return pairs;
    }
}
