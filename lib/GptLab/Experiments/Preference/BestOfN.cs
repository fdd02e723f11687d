using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Model;
using GptLab.Training;

namespace GptLab.Experiments.Preference;

/// <summary>
/// Best-of-n sampling, the simplest use of a reward model (Stiennon et al. 2020; Nakano et al. 2021): for each prompt
/// the policy samples n answers and the reward model keeps the one it scores highest. Nothing is trained; what n buys
/// is what the reward model can tell apart among answers the policy already gives.
/// </summary>
public static class BestOfN
{
    /// <summary>Most tokens a sampled answer may take.</summary>
    public const int MaxNewTokens = 32;

    /// <summary>
    /// <paramref name="n"/> answers per example sampled from <paramref name="policy"/> at <paramref name="temperature"/>
    /// (side by side, example e's with seed <paramref name="seed"/> + e), each with its reward: the conversation re-rendered with the answer's
    /// text, as the reward model was trained on, scored at its last token.
    /// </summary>
    public static (string Text, double Reward)[][] Sample(Gpt policy, GptRewardModel reward, ChatTemplate template, IReadOnlyList<ChatExample> examples, int n, double temperature, long seed)
    {
        return [.. examples.Select((example, e) =>
        {
            var prompt = template.RenderPrompt(example.Prompt);
            var texts = SampledAnswer.Group(policy, template, prompt, n, temperature, MaxNewTokens, seed + e).Select(a => a.Text.Trim()).ToArray();
            var rewards = RewardObjective.AnswerRewards(reward, template, [.. texts.Select(t => (example.Prompt, t))], n);
            return texts.Zip(rewards).ToArray();
        })];
    }

    /// <summary>Per example, whether the answer the reward model ranks first among the first <paramref name="n"/> is the reference.</summary>
    public static bool[] Right(IReadOnlyList<(string Text, double Reward)[]> samples, IReadOnlyList<ChatExample> examples, int n) =>
        [.. samples.Select((s, i) => s.Take(n).MaxBy(a => a.Reward).Text == examples[i].Reference)];

    /// <summary>Per example, the share of its sampled answers that are the reference: what one sample gets right, in expectation.</summary>
    public static double[] OneSampleRight(IReadOnlyList<(string Text, double Reward)[]> samples, IReadOnlyList<ChatExample> examples) =>
        [.. samples.Select((s, i) => s.Average(a => a.Text == examples[i].Reference ? 1.0 : 0.0))];

    /// <summary>
    /// The null condition, a reward model that cannot tell answers apart: per example, the share of <paramref name="draws"/>
    /// picks at random among the first <paramref name="n"/> answers that are the reference (many draws, so that the null's
    /// own noise does not decide its check).
    /// </summary>
    public static double[] RandomPickRight(IReadOnlyList<(string Text, double Reward)[]> samples, IReadOnlyList<ChatExample> examples, int n, int seed, int draws = 256)
    {
        var random = new Random(seed);
        return [.. samples.Select((s, i) => Enumerable.Range(0, draws).Average(_ => s[random.Next(Math.Min(n, s.Length))].Text == examples[i].Reference ? 1.0 : 0.0))];
    }
}
