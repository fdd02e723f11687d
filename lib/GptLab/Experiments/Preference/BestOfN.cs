using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Model;
using GptLab.Sampling;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Experiments.Preference;

/// <summary>
/// Best-of-n sampling, the simplest use of a reward model (Stiennon et al. 2020; Nakano et al. 2021): for each prompt
/// the policy samples n answers and the reward model keeps the one it scores highest. Nothing is trained; what n buys
/// is what the reward model can tell apart among answers the policy already gives.
/// </summary>
public static class BestOfN
{
    /// <summary>
    /// <paramref name="n"/> answers per example sampled from <paramref name="policy"/> at <paramref name="temperature"/>
    /// (seeds drawn from <paramref name="seed"/>), each with its reward: the conversation re-rendered with the answer's
    /// text, as the reward model was trained on, scored at its last token.
    /// </summary>
    public static (string Text, double Reward)[][] Sample(Gpt policy, GptRewardModel reward, ChatTemplate template, IReadOnlyList<ChatExample> examples, int n, double temperature, long seed)
    {
        var replier = new ChatReplier(policy, template);
        var options = new SamplingOptions { Temperature = temperature, MaxNewTokens = 32 };
        var device = reward.Backbone.Device;
        using var policyEval = EvalMode.Enter(policy);
        using var rewardEval = EvalMode.Enter(reward);
        using var noGrad = no_grad();
        return [.. examples.Select((example, e) =>
        {
            var prompt = template.RenderPrompt(example.Prompt);
            var texts = Enumerable.Range(0, n).Select(i =>
            {
                var ids = new List<int>();
                return string.Concat(replier.ReplyText(prompt, options with { Seed = seed + 1_000L * e + i }, ids)).Trim();
            }).ToArray();
            var conversations = texts.Select(t => template.Render([.. example.Prompt, ChatMessage.FromAssistant(t)]))
                .Select(c => c.Length <= reward.Backbone.Config.BlockSize ? c : c with { Ids = c.Ids[^reward.Backbone.Config.BlockSize..], IsTarget = c.IsTarget[^reward.Backbone.Config.BlockSize..] }).ToArray();
            using var scope = NewDisposeScope();
            var rewards = RewardObjective.Score(reward, conversations, device).to_type(ScalarType.Float64).data<double>().ToArray();
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
