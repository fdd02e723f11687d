using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Model;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// Reinforcement learning, on policy (nanochat's chat_rl; GRPO, Shao et al. 2024, without its ratio clipping, which a
/// single update per sample never needs). Each micro-batch: B prompts, G answers sampled for each from the policy as it
/// is now, each rewarded by the rewards function (the task's checker: 1 for an answer it accepts, 0 otherwise, the
/// verifiable rewards; or a reward model's score, RLHF); advantage = reward − the group's mean, so an answer is pushed up
/// only for beating its siblings. The loss is −Σ advantage · log π(token) over
/// every sampled token, divided by the number of sampled tokens (token-level normalisation), plus β times the k3
/// estimate of KL(π ‖ π_ref) per token when β > 0. Prompts are visited in a fresh order each epoch and every answer's
/// seed comes from (seed, step, micro, answer), so a resumed run samples exactly what an uninterrupted one would.
/// </summary>
public sealed class GroupRewardObjective : ITrainingObjective, IRewardedObjective
{
    private readonly Gpt _policy;
    private readonly Gpt _reference;
    private readonly ChatTemplate _template;
    private readonly (ChatExample Example, int[] Prompt)[] _train;
    private readonly ChatExample[] _validation;
    private readonly ChatExample[] _trainEval;
    private readonly RlConfig _rl;
    private readonly int _batchSize;
    private readonly int _gradAccum;
    private readonly long _seed;
    private readonly PairOrder _order;
    private readonly Func<IReadOnlyList<(ChatExample Example, SampledAnswer Answer)>, float[]> _rewards;
    private (double RewardSum, int Answers, int FlatGroups) _step;

    /// <summary>
    /// Trains <paramref name="policy"/> on the prompts of <paramref name="train"/> against <paramref name="reference"/> (the
    /// same weights, loaded apart, frozen). <paramref name="rewards"/> scores each sampled answer to its example; null: the
    /// checker (<see cref="Checked"/>).
    /// </summary>
    public GroupRewardObjective(Gpt policy, Gpt reference, ChatTemplate template, IReadOnlyList<ChatExample> train, IReadOnlyList<ChatExample> validation,
        TrainConfig config, RlConfig rl, Device device, Func<IReadOnlyList<(ChatExample Example, SampledAnswer Answer)>, float[]>? rewards = null)
    {
        if (template.Tokenizer.VocabSize != policy.Config.VocabSize || reference.Config.VocabSize != policy.Config.VocabSize)
            throw new GptLabException($"the tokenizer has {template.Tokenizer.VocabSize} ids, the policy {policy.Config.VocabSize} and the reference {reference.Config.VocabSize}: train an SFT run with its own tokenizer");
        (_policy, _reference, _template, _rl, _rewards) = (policy, reference, template, rl, rewards ?? Checked);
        policy.to(device);
        reference.to(device);
        foreach (var p in reference.parameters()) p.requires_grad = false;
        Device = device;
        // A prompt needs room for a whole answer within the context.
        bool Fits(ChatExample e) => template.RenderPrompt(e.Prompt).Length + rl.MaxNewTokens <= policy.Config.BlockSize;
        _train = [.. train.Where(Fits).Select(e => (e, template.RenderPrompt(e.Prompt)))];
        _validation = [.. validation.Where(Fits)];
        // A right answer the sampler must cut off could never be rewarded by the checker.
        var longest = train.Concat(validation).Max(e => template.EncodeTurn(e.Reference).Length + 1);
        if (longest > rl.MaxNewTokens)
            throw new GptLabException($"max_new_tokens={rl.MaxNewTokens} cannot hold the longest right answer ({longest} tokens with its end): pass --max-new-tokens {longest} or more");
        if (_train.Length == 0 || _validation.Length == 0)
            throw new GptLabException($"no prompt leaves room for an answer of {rl.MaxNewTokens} tokens in the model's context of {policy.Config.BlockSize}: use shorter prompts or a smaller max_new_tokens");
        (_batchSize, _gradAccum, _seed) = (config.BatchSize, config.GradAccum, config.Seed);
        var evalCount = Math.Min(_train.Length, config.EvalIters * config.BatchSize);
        _trainEval = [.. Enumerable.Range(0, evalCount).Select(i => _train[(int)((long)i * _train.Length / evalCount)].Example)];
        _order = new PairOrder(_train.Length, config.Seed);
        Parameters = policy.TrainableParameters();
        TokensPerMicroBatch = (long)Math.Round(_train.Average(p => p.Prompt.Length + 2.0) * _batchSize * rl.Group);
        LongestSequence = _train.Max(p => p.Prompt.Length) + rl.MaxNewTokens;
    }

    /// <summary>Tokens of the longest training prompt and its longest answer: the widest group of answers.</summary>
    public int LongestSequence { get; }

    /// <summary>Training prompts used (those that leave room for an answer).</summary>
    public int TrainPrompts => _train.Length;

    public nn.Module Model => _policy;

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    public Device Device { get; }

    public string Dtype => _policy.Dtype;

    public long TokensPerMicroBatch { get; }

    public (string Kind, int VocabSize) Tokenizer => (_template.Tokenizer.Kind, _template.Tokenizer.VocabSize);

    /// <summary>Groups sampled so far in this session, and those of them whose answers were all rewarded alike.</summary>
    public (int Groups, int Flat) GroupsSoFar { get; private set; }

    public (double MeanReward, int FlatGroups) LastStep => (_step.RewardSum / Math.Max(1, _step.Answers), _step.FlatGroups);

    public Tensor MicroBatchLoss(long step, int micro)
    {
        if (micro == 0) _step = (0, 0, 0);
        var first = (step * _gradAccum + micro) * _batchSize; // position in the endless sequence of epochs
        var prompts = Enumerable.Range(0, _batchSize).Select(b => _train[_order.At(first + b)]).ToArray();
        var (answers, rewards) = Rollouts(prompts, StepSeed.For(_seed, step, micro));
        var advantages = Advantages(rewards, _rl.Group, out var flat);
        _step = (_step.RewardSum + rewards.Sum(), _step.Answers + rewards.Length, _step.FlatGroups + flat);
        GroupsSoFar = (GroupsSoFar.Groups + prompts.Length, GroupsSoFar.Flat + flat);

        using var scope = NewDisposeScope();
        var conversations = answers.Select((a, i) => Sequence(prompts[i / _rl.Group].Prompt, a.Ids)).ToArray();
        var (x, y) = ChatBatch.Of(_template, conversations, Device); // (N, T) each
        var mask = y.ne(ChatBatch.Ignore).to_type(ScalarType.Float32); // (N, T): the sampled tokens
        var logp = TokenLogProbabilities.Of(_policy, x, y); // (N, T)
        var advantage = tensor(advantages, device: Device).unsqueeze(1); // (N, 1)
        var tokens = mask.sum().clamp_min(1);
        var loss = -(advantage * logp * mask).sum() / tokens;
        if (_rl.Beta > 0)
        {
            Tensor referenceLogp;
            using (no_grad()) referenceLogp = TokenLogProbabilities.Of(_reference, x, y);
            var logRatio = referenceLogp - logp; // log(π_ref / π) per token
            var k3 = logRatio.exp() - logRatio - 1; // Schulman's unbiased, never-negative KL estimator
            loss = loss + _rl.Beta * (k3 * mask).sum() / tokens;
        }
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>The verifiable rewards: 1 for an answer the task's checker accepts (<see cref="SampledAnswer.Solves"/>), 0 otherwise.</summary>
    public static float[] Checked(IReadOnlyList<(ChatExample Example, SampledAnswer Answer)> answers) => [.. answers.Select(a => a.Answer.Solves(a.Example) ? 1f : 0f)];

    /// <summary>
    /// Each answer's reward less its group's mean: groups of <paramref name="group"/> consecutive rewards.
    /// <paramref name="flatGroups"/>: groups whose rewards are all equal, which teach nothing.
    /// </summary>
    public static float[] Advantages(IReadOnlyList<float> rewards, int group, out int flatGroups)
    {
        if (rewards.Count % group != 0) throw new ArgumentException($"{rewards.Count} rewards do not make groups of {group}", nameof(rewards));
        var advantages = new float[rewards.Count];
        flatGroups = 0;
        for (var start = 0; start < rewards.Count; start += group)
        {
            var members = Enumerable.Range(start, group).Select(i => rewards[i]).ToArray();
            var mean = members.Average();
            if (members.All(r => r == members[0])) flatGroups++;
            for (var i = 0; i < group; i++) advantages[start + i] = members[i] - mean;
        }
        return advantages;
    }

    /// <summary>
    /// Greedy exact-match accuracy and the mean per-token loss of the reference answers, on a fixed subset of the training
    /// prompts and on the validation prompts; the KL to the reference on the validation answers.
    /// </summary>
    public EvalResult Evaluate()
    {
        var (trainLoss, trainAccuracy) = Measure(_trainEval);
        var (valLoss, valAccuracy) = Measure(_validation);
        var kl = PolicyDrift.PerTokenKl(_policy, _reference, _template, [.. _validation.Select(e => _template.Render(e.Messages))], _batchSize * _rl.Group, Device);
        return new EvalResult(trainLoss, valLoss, trainAccuracy, valAccuracy) { ValKl = kl };
    }

    public void WriteModel(string folder)
    {
        _template.Tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
        _policy.save_safetensors(Path.Combine(folder, RunFiles.Model));
    }

    // G answers per prompt from the policy as it is now (eval mode, no gradients), and their rewards (shuffled across the
    // micro-batch for the null condition).
    private (SampledAnswer[] Answers, float[] Rewards) Rollouts((ChatExample Example, int[] Prompt)[] prompts, int seed)
    {
        SampledAnswer[] answers = [.. prompts.SelectMany((p, b) => SampledAnswer.Group(_policy, _template, p.Prompt, _rl.Group, _rl.Temperature, _rl.MaxNewTokens, StepSeed.For(seed, b, 0)))];
        var rewards = _rewards([.. answers.Select((a, i) => (prompts[i / _rl.Group].Example, a))]);
        if (_rl.Rewards == RlConfig.ShuffledRewards) new Random(seed).Shuffle(rewards);
        return (answers, rewards);
    }

    // The prompt and a sampled answer as one sequence whose targets are the answer's tokens.
    private static ChatTokens Sequence(int[] prompt, int[] answer) =>
        new([.. prompt, .. answer], [.. Enumerable.Repeat(false, prompt.Length), .. Enumerable.Repeat(true, answer.Length)]);

    // Mean per-token loss of the reference answers (teacher forcing) and greedy exact-match accuracy (eval mode and no_grad are the trainer's).
    private (double Loss, double Accuracy) Measure(ChatExample[] examples)
    {
        var (nll, tokens) = (0.0, 0L);
        foreach (var chunk in examples.Chunk(_batchSize * _rl.Group))
        {
            using var scope = NewDisposeScope();
            var (x, y) = ChatBatch.Of(_template, [.. chunk.Select(e => _template.Render(e.Messages))], Device);
            nll -= TokenLogProbabilities.Of(_policy, x, y).sum().item<float>();
            tokens += y.ne(ChatBatch.Ignore).sum().item<long>();
        }
        var report = ChatEvaluation.Run(_policy, _template, examples, _rl.MaxNewTokens);
        return (nll / Math.Max(1, tokens), report.Answers.Average(a => a.Correct == true ? 1.0 : 0.0));
    }
}
