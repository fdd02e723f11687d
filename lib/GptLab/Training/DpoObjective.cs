using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Model;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// Direct preference optimisation (Rafailov et al. 2023): the policy, a copy of the SFT model, learns to favour each
/// pair's chosen answer over its rejected one more than the frozen reference (the SFT model itself) did, by
/// <see cref="PreferenceLoss"/>. An answer's log-probability is the sum over its tokens (the assistant's words and end
/// token, as SFT's mask marks them). The reference's log-probabilities are computed once, before the first update;
/// the reference stays only to measure the policy's KL to it. With an NLL weight, each pair's loss adds the chosen
/// answer's negative log-likelihood per token (Pang et al. 2024, who found it crucial when the pairs are a model's own
/// right and wrong answers to reasoning questions). Pairs are visited in a fresh order each epoch, drawn
/// from (seed, epoch), so a resumed run replays them exactly.
/// </summary>
public sealed class DpoObjective : ITrainingObjective
{
    private sealed record Pair(ChatTokens Chosen, ChatTokens Rejected, double ReferenceChosen, double ReferenceRejected)
    {
        public int ChosenTargets { get; } = Chosen.IsTarget.Count(t => t);
    }

    private readonly Gpt _policy;
    private readonly Gpt _reference;
    private readonly ChatTemplate _template;
    private readonly Pair[] _train;
    private readonly Pair[] _validation;
    private readonly int _batchSize;
    private readonly int _gradAccum;
    private readonly int _evalPairs;
    private readonly double _beta;
    private readonly string _loss;
    private readonly double _nll;
    private readonly PairOrder _order;

    /// <summary>
    /// Tunes <paramref name="policy"/> on <paramref name="train"/> against <paramref name="reference"/> (the same weights,
    /// loaded apart, which nothing updates), with <paramref name="beta"/> and loss "dpo" or "ipo", plus
    /// <paramref name="nll"/> times the chosen answer's negative log-likelihood per token (Pang et al. 2024's DPO+NLL; 0: none).
    /// </summary>
    public DpoObjective(Gpt policy, Gpt reference, ChatTemplate template, IReadOnlyList<PreferencePair> train, IReadOnlyList<PreferencePair> validation,
        TrainConfig config, double beta, string loss, Device device, double nll = 0)
    {
        if (template.Tokenizer.VocabSize != policy.Config.VocabSize || reference.Config.VocabSize != policy.Config.VocabSize)
            throw new GptLabException($"the tokenizer has {template.Tokenizer.VocabSize} ids, the policy {policy.Config.VocabSize} and the reference {reference.Config.VocabSize}: tune an SFT run with its own tokenizer");
        (_policy, _reference, _template, _beta, _loss, _nll) = (policy, reference, template, beta, loss, nll);
        policy.to(device);
        reference.to(device);
        foreach (var p in reference.parameters()) p.requires_grad = false;
        Device = device;
        _batchSize = config.BatchSize;
        _train = Prepare(train, policy.Config.BlockSize, out var dropped);
        _validation = Prepare(validation, policy.Config.BlockSize, out _);
        if (_train.Length == 0 || _validation.Length == 0)
            throw new GptLabException($"no preference pair fits the model's context of {policy.Config.BlockSize} tokens: use shorter prompts and answers");
        DroppedPairs = dropped;
        _gradAccum = config.GradAccum;
        _evalPairs = Math.Min(_train.Length, config.EvalIters * config.BatchSize);
        _order = new PairOrder(_train.Length, config.Seed);
        Parameters = policy.TrainableParameters();
        TokensPerMicroBatch = (long)Math.Round(_train.Average(p => p.Chosen.Length + p.Rejected.Length - 2.0) * _batchSize);
        LongestSequence = _train.Concat(_validation).Max(p => Math.Max(p.Chosen.Length, p.Rejected.Length)) - 1;
    }

    /// <summary>Training pairs left out: an answer longer than the context, or a pair whose two answers are the same.</summary>
    public int DroppedPairs { get; }

    /// <summary>Tokens of the longest answer's conversation, chosen or rejected, less one: the widest padded batch.</summary>
    public int LongestSequence { get; }

    /// <summary>Training pairs used.</summary>
    public int TrainPairs => _train.Length;

    public nn.Module Model => _policy;

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    public Device Device { get; }

    public string Dtype => _policy.Dtype;

    public long TokensPerMicroBatch { get; }

    public (string Kind, int VocabSize) Tokenizer => (_template.Tokenizer.Kind, _template.Tokenizer.VocabSize);

    public Tensor MicroBatchLoss(long step, int micro)
    {
        var first = (step * _gradAccum + micro) * _batchSize; // position in the endless sequence of epochs
        var batch = Enumerable.Range(0, _batchSize).Select(b => _train[_order.At(first + b)]).ToArray();
        using var scope = NewDisposeScope();
        var (losses, _) = Losses(batch);
        return losses.mean().MoveToOuterDisposeScope();
    }

    public EvalResult Evaluate()
    {
        var trainSubset = Enumerable.Range(0, _evalPairs).Select(i => _train[(int)((long)i * _train.Length / _evalPairs)]).ToArray();
        var (trainLoss, trainAccuracy, trainMargin) = Measure(trainSubset);
        var (valLoss, valAccuracy, valMargin) = Measure(_validation);
        return new EvalResult(trainLoss, valLoss, trainAccuracy, valAccuracy) { TrainMargin = trainMargin, ValMargin = valMargin, ValKl = PolicyDrift.PerTokenKl(_policy, _reference, _template, [.. _validation.Select(p => p.Chosen)], _batchSize, Device) };
    }

    public void WriteModel(string folder)
    {
        _template.Tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
        _policy.save_safetensors(Path.Combine(folder, RunFiles.Model));
    }

    /// <summary>
    /// The summed log-probability of each conversation's target tokens under <paramref name="model"/> (N): the answer
    /// and its end token, as <see cref="ChatTemplate.Render"/> marks them. With the model's graph unless under no_grad.
    /// </summary>
    public static Tensor AnswerLogProbabilities(Gpt model, ChatTemplate template, IReadOnlyList<ChatTokens> conversations, Device device)
    {
        using var scope = NewDisposeScope();
        var (x, y) = ChatBatch.Of(template, conversations, device); // (N, T) each
        return TokenLogProbabilities.Of(model, x, y).sum(1).MoveToOuterDisposeScope(); // (N)
    }

    // Each pair's loss and margin (B each); the policy's log-probabilities of both answers in one forward pass.
    private (Tensor Losses, Tensor Margins) Losses(Pair[] batch)
    {
        var logps = AnswerLogProbabilities(_policy, _template, [.. batch.Select(p => p.Chosen), .. batch.Select(p => p.Rejected)], Device); // (2B)
        var (chosen, rejected) = (logps[..batch.Length], logps[batch.Length..]);
        var referenceChosen = tensor(batch.Select(p => (float)p.ReferenceChosen).ToArray(), device: Device).to_type(chosen.dtype);
        var referenceRejected = tensor(batch.Select(p => (float)p.ReferenceRejected).ToArray(), device: Device).to_type(chosen.dtype);
        var losses = PreferenceLoss.Of(_loss, chosen, rejected, referenceChosen, referenceRejected, _beta);
        if (_nll > 0) // the chosen answer's likelihood, which the margin alone may lower along with the rejected one's
            losses = losses - _nll * chosen / tensor(batch.Select(p => (float)p.ChosenTargets).ToArray(), device: Device).to_type(chosen.dtype);
        return (losses, PreferenceLoss.Margin(chosen, rejected, referenceChosen, referenceRejected, _beta));
    }

    // Mean loss, preference accuracy (positive margins, ties as halves), mean margin (eval mode and no_grad are the trainer's).
    private (double Loss, double Accuracy, double Margin) Measure(Pair[] pairs)
    {
        var (loss, right, margin) = (0.0, 0.0, 0.0);
        foreach (var chunk in pairs.Chunk(_batchSize))
        {
            using var scope = NewDisposeScope();
            var (losses, margins) = Losses(chunk);
            loss += losses.sum().item<float>();
            margin += margins.sum().item<float>();
            right += PreferenceLoss.Right(margins);
        }
        return (loss / pairs.Length, right / pairs.Length, margin / pairs.Length);
    }

    // Pairs rendered with the reference's log-probabilities, computed here once (eval mode, no gradients).
    private Pair[] Prepare(IReadOnlyList<PreferencePair> pairs, int blockSize, out int dropped)
    {
        var rendered = RenderedPairs.Fit(_template, pairs, blockSize + 1, out dropped); // inputs: all tokens but the last
        var result = new List<Pair>(rendered.Length);
        using (EvalMode.Enter(_reference))
        using (no_grad())
            foreach (var chunk in rendered.Chunk(_batchSize))
            {
                using var scope = NewDisposeScope();
                var logps = AnswerLogProbabilities(_reference, _template, [.. chunk.Select(p => p.Chosen), .. chunk.Select(p => p.Rejected)], Device).to_type(ScalarType.Float64).data<double>().ToArray();
                result.AddRange(chunk.Select((p, i) => new Pair(p.Chosen, p.Rejected, logps[i], logps[chunk.Length + i])));
            }
        return [.. result];
    }
}
