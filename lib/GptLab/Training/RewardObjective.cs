using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Model;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// A reward model's training (InstructGPT's second step): the SFT model with a scalar head scores both conversations
/// of each pair, and the Bradley–Terry loss −log σ(r_c − r_r) (<see cref="PreferenceLoss.BradleyTerry"/>) teaches it to
/// score the chosen one higher. Every evaluation reports the loss, the share of pairs ranked right (ties as halves, so
/// 50% while the fresh head scores every answer alike) and the mean reward margin. Pairs are visited in a fresh order
/// each epoch, drawn from (seed, epoch).
/// </summary>
public sealed class RewardObjective : ITrainingObjective
{
    private readonly GptRewardModel _model;
    private readonly ChatTemplate _template;
    private readonly (ChatTokens Chosen, ChatTokens Rejected)[] _train;
    private readonly (ChatTokens Chosen, ChatTokens Rejected)[] _validation;
    private readonly int _batchSize;
    private readonly int _gradAccum;
    private readonly int _evalPairs;
    private readonly PairOrder _order;

    public RewardObjective(GptRewardModel model, ChatTemplate template, IReadOnlyList<PreferencePair> train, IReadOnlyList<PreferencePair> validation, TrainConfig config, Device device)
    {
        var backbone = model.Backbone.Config;
        if (template.Tokenizer.VocabSize != backbone.VocabSize)
            throw new GptLabException($"the tokenizer has {template.Tokenizer.VocabSize} ids but the model {backbone.VocabSize}: train the reward model from an SFT run with its own tokenizer");
        (_model, _template) = (model, template);
        _train = RenderedPairs.Fit(template, train, backbone.BlockSize, out var dropped); // the whole conversation is read
        _validation = RenderedPairs.Fit(template, validation, backbone.BlockSize, out _);
        if (_train.Length == 0 || _validation.Length == 0)
            throw new GptLabException($"no preference pair fits the model's context of {backbone.BlockSize} tokens: use shorter prompts and answers");
        DroppedPairs = dropped;
        (_batchSize, _gradAccum) = (config.BatchSize, config.GradAccum);
        _evalPairs = Math.Min(_train.Length, config.EvalIters * config.BatchSize);
        _order = new PairOrder(_train.Length, config.Seed);
        Device = device;
        model.to(device);
        Parameters = model.DistinctParameters();
        TokensPerMicroBatch = (long)Math.Round(_train.Average(p => p.Chosen.Length + p.Rejected.Length - 2.0) * _batchSize);
    }

    /// <summary>Training pairs left out: an answer longer than the context, or two answers that render alike.</summary>
    public int DroppedPairs { get; }

    /// <summary>Training pairs used.</summary>
    public int TrainPairs => _train.Length;

    public nn.Module Model => _model;

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    public Device Device { get; }

    public string Dtype => _model.Backbone.Dtype;

    public long TokensPerMicroBatch { get; }

    public (string Kind, int VocabSize) Tokenizer => (_template.Tokenizer.Kind, _template.Tokenizer.VocabSize);

    public Tensor MicroBatchLoss(long step, int micro)
    {
        var first = (step * _gradAccum + micro) * _batchSize;
        var batch = Enumerable.Range(0, _batchSize).Select(b => _train[_order.At(first + b)]).ToArray();
        using var scope = NewDisposeScope();
        var (chosen, rejected) = Rewards(batch);
        return PreferenceLoss.BradleyTerry(chosen, rejected).mean().MoveToOuterDisposeScope();
    }

    public EvalResult Evaluate()
    {
        var trainSubset = Enumerable.Range(0, _evalPairs).Select(i => _train[(int)((long)i * _train.Length / _evalPairs)]).ToArray();
        var (trainLoss, trainAccuracy, trainMargin) = Measure(trainSubset);
        var (valLoss, valAccuracy, valMargin) = Measure(_validation);
        return new EvalResult(trainLoss, valLoss, trainAccuracy, valAccuracy) { TrainMargin = trainMargin, ValMargin = valMargin };
    }

    public void WriteModel(string folder)
    {
        _template.Tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
        _model.Backbone.save_safetensors(Path.Combine(folder, RunFiles.Model)); // still a GPT checkpoint under the head
        _model.Head.save_safetensors(Path.Combine(folder, RunFiles.RewardHead)); // keys weight, bias of the head
    }

    /// <summary>
    /// The rewards of answers to prompts: each prompt with its answer's text as the assistant's closing turn, rendered
    /// with <paramref name="template"/> as the pairs the reward model learned from were (best-of-n and RLHF score this way).
    /// </summary>
    public static double[] AnswerRewards(GptRewardModel model, ChatTemplate template, IReadOnlyList<(IReadOnlyList<ChatMessage> Prompt, string Answer)> answers, int batchSize) =>
        Rewards(model, [.. answers.Select(a => template.Render([.. a.Prompt, ChatMessage.FromAssistant(a.Answer.Trim())]))], batchSize);

    /// <summary>
    /// The rewards of <paramref name="conversations"/>, <paramref name="batchSize"/> a forward pass, in eval mode without
    /// gradients. A conversation longer than the context keeps its last block_size tokens: the reward is read at the last.
    /// </summary>
    public static double[] Rewards(GptRewardModel model, IReadOnlyList<ChatTokens> conversations, int batchSize)
    {
        var context = model.Backbone.Config.BlockSize;
        var device = model.Backbone.Device;
        using var eval = EvalMode.Enter(model);
        using var noGrad = no_grad();
        return [.. conversations.Select(c => c.Length <= context ? c : c with { Ids = c.Ids[^context..], IsTarget = c.IsTarget[^context..] }).Chunk(batchSize).SelectMany(chunk =>
        {
            using var scope = NewDisposeScope();
            return Score(model, chunk, device).to_type(ScalarType.Float64).data<double>().ToArray();
        })];
    }

    /// <summary>The reward of each whole conversation (N), read at its last token: with the graph unless under no_grad.</summary>
    public static Tensor Score(GptRewardModel model, IReadOnlyList<ChatTokens> conversations, Device device)
    {
        var longest = conversations.Max(c => c.Length);
        if (longest > model.Backbone.Config.BlockSize)
            throw new GptLabException($"a conversation of {longest} tokens is longer than the reward model's context of {model.Backbone.Config.BlockSize}: score shorter ones");
        using var scope = NewDisposeScope();
        var (ids, lengths) = GptClassifier.Pad([.. conversations.Select(c => c.Ids)], model.Backbone.Config.BlockSize, device);
        return model.call(ids, lengths).MoveToOuterDisposeScope();
    }

    // Both conversations of every pair scored in one forward pass: chosen rewards (B), rejected rewards (B).
    private (Tensor Chosen, Tensor Rejected) Rewards((ChatTokens Chosen, ChatTokens Rejected)[] batch)
    {
        var rewards = Score(_model, [.. batch.Select(p => p.Chosen), .. batch.Select(p => p.Rejected)], Device); // (2B)
        return (rewards[..batch.Length], rewards[batch.Length..]);
    }

    // Mean loss, share ranked right (ties as halves), mean margin (eval mode and no_grad are the trainer's).
    private (double Loss, double Accuracy, double Margin) Measure((ChatTokens Chosen, ChatTokens Rejected)[] pairs)
    {
        var (loss, right, margin) = (0.0, 0.0, 0.0);
        foreach (var chunk in pairs.Chunk(_batchSize))
        {
            using var scope = NewDisposeScope();
            var (chosen, rejected) = Rewards(chunk);
            loss += PreferenceLoss.BradleyTerry(chosen, rejected).sum().item<float>();
            margin += (chosen - rejected).sum().item<float>();
            right += PreferenceLoss.Right(chosen - rejected);
        }
        return (loss / pairs.Length, right / pairs.Length, margin / pairs.Length);
    }
}
