using GptLab.IO;
using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Data;
using GptLab.Model;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using GptLab.Tokenization;

namespace GptLab.Training;

/// <summary>
/// Supervised fine-tuning (SFT, nanochat's chat_sft): next-token loss on rendered conversations, counted only where
/// <see cref="ChatTokens.IsTarget"/> holds (the assistant's words and end token) unless the config says "all".
/// Conversations are padded to the longest in the micro-batch (padding is never a target; batches group similar
/// lengths) and visited in a fresh shuffled order each epoch; the order depends only on (seed, epoch), so resumed runs
/// replay it exactly. Evaluation losses average per conversation, so every task family weighs by its examples.
/// </summary>
public sealed class SupervisedObjective : ITrainingObjective
{
    private readonly Gpt _model;
    private readonly ChatTemplate _template;
    private readonly ChatTokens[] _train;
    private readonly ChatTokens[] _validation;
    private readonly int _batchSize;
    private readonly int _gradAccum;
    private readonly int _evalExamples;
    private readonly long _seed;
    private (long Epoch, int[] Order) _epochOrder = (-1, []);

    /// <summary>
    /// Fine-tunes <paramref name="model"/> on <paramref name="train"/>, and on <paramref name="replay"/> (token windows whose
    /// every position is a target, such as replay windows of the base's text) shuffled in with them.
    /// </summary>
    public SupervisedObjective(Gpt model, ChatTemplate template, IReadOnlyList<ChatExample> train, IReadOnlyList<ChatExample> validation, TrainConfig config, bool lossOnAllTokens, Device device,
        IReadOnlyList<ChatTokens>? replay = null)
    {
        if (template.Tokenizer.VocabSize != model.Config.VocabSize)
            throw new GptLabException($"the tokenizer has {template.Tokenizer.VocabSize} ids but the model {model.Config.VocabSize}: fine-tune the checkpoint with its own tokenizer");
        _model = model;
        _template = template;
        _train = Fit(train.Select(e => template.Render(e.Messages, lossOnAllTokens)).Concat(replay ?? []), model.Config.BlockSize, out var droppedTrain);
        _validation = Fit(validation.Select(e => template.Render(e.Messages, lossOnAllTokens)), model.Config.BlockSize, out _);
        if (_train.Length == 0 || _validation.Length == 0)
            throw new GptLabException($"no conversation fits the model's context of {model.Config.BlockSize} tokens: use shorter examples or a base model with a longer block_size");
        DroppedExamples = droppedTrain;
        _batchSize = config.BatchSize;
        _gradAccum = config.GradAccum;
        _evalExamples = Math.Min(_train.Length, config.EvalIters * config.BatchSize);
        _seed = config.Seed;
        Device = device;
        model.to(device);
        Parameters = model.TrainableParameters(); // with LoRA, the adapters
        TokensPerMicroBatch = (long)Math.Round(_train.Average(t => t.Length - 1.0) * _batchSize);
        LongestSequence = _train.Concat(_validation).Max(c => c.Length) - 1;
    }

    /// <summary>Training conversations left out: longer than the context, or with nothing to learn.</summary>
    public int DroppedExamples { get; }

    /// <summary>Tokens of the longest training or validation conversation less one: the widest padded batch.</summary>
    public int LongestSequence { get; }

    /// <summary>Training conversations used, replay windows included.</summary>
    public int TrainExamples => _train.Length;

    public nn.Module Model => _model;

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    public Device Device { get; }

    public string Dtype => _model.Dtype;

    public long TokensPerMicroBatch { get; }

    public (string Kind, int VocabSize) Tokenizer => (_template.Tokenizer.Kind, _template.Tokenizer.VocabSize);

    public Tensor MicroBatchLoss(long step, int micro)
    {
        var first = (step * _gradAccum + micro) * _batchSize; // position in the endless sequence of epochs
        var batch = Enumerable.Range(0, _batchSize).Select(b => _train[ExampleAt(first + b)]).ToArray();
        return Loss(batch);
    }

    public EvalResult Evaluate()
    {
        var trainSubset = Enumerable.Range(0, _evalExamples).Select(i => _train[(int)((long)i * _train.Length / _evalExamples)]).ToArray();
        return new EvalResult(MeanLoss(trainSubset), MeanLoss(_validation));
    }

    public void WriteModel(string folder)
    {
        _template.Tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
        _model.save_safetensors(Path.Combine(folder, RunFiles.Model));
    }

    /// <summary>
    /// Example index at position <paramref name="k"/> of the run. Epoch k / N visits a permutation drawn from (seed, epoch),
    /// arranged so that each batch holds conversations of similar length: windows of <see cref="BucketBatches"/> batches
    /// are sorted by length, cut into batches, and the batches shuffled. Padding then costs little (a story continuation
    /// is ten times longer than a sum), while every batch is still a random draw.
    /// </summary>
    internal int ExampleAt(long k)
    {
        var epoch = k / _train.Length;
        if (_epochOrder.Epoch != epoch) // positions arrive in order: one epoch's order is all that is ever needed
            _epochOrder = (epoch, EpochOrder(new Random(StepSeed.For(_seed, epoch, -1))));
        return _epochOrder.Order[k % _train.Length];
    }

    /// <summary>Batches per length-sorted window in <see cref="ExampleAt"/>.</summary>
    internal const int BucketBatches = 8;

    private int[] EpochOrder(Random rng)
    {
        var order = Enumerable.Range(0, _train.Length).ToArray();
        rng.Shuffle(order);
        var batches = order.Chunk(_batchSize * BucketBatches)
            .SelectMany(window => window.OrderBy(i => _train[i].Length).Chunk(_batchSize))
            .ToArray();
        rng.Shuffle(batches);
        return [.. batches.SelectMany(b => b)];
    }

    // Mean over conversations of each one's mean target loss: every conversation counts the same, so a long story
    // continuation does not outweigh a dozen one-word answers (eval mode and no_grad are the trainer's).
    private double MeanLoss(ChatTokens[] conversations)
    {
        var total = 0.0;
        foreach (var chunk in conversations.Chunk(_batchSize))
        {
            using var scope = NewDisposeScope();
            total += Loss(chunk, perConversation: true).sum().item<float>();
        }
        return total / conversations.Length;
    }

    /// <summary>
    /// The SFT loss of one conversation from its logits (T, V), T its length less one (the logits for inputs
    /// <c>Ids[..^1]</c>): the mean cross-entropy of the positions whose next token is a target. A scalar; what each
    /// conversation of a batch contributes, padding aside (notebook 06's exercise is checked against it).
    /// </summary>
    public static Tensor MaskedLoss(ChatTemplate template, Tensor logits, ChatTokens conversation)
    {
        using var scope = NewDisposeScope();
        var (_, targets) = ChatBatch.Of(template, [conversation], logits.device); // (1, T)
        return nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1), ignore_index: ChatBatch.Ignore).MoveToOuterDisposeScope();
    }

    // Cross-entropy over the target positions of a padded batch: their mean, or with perConversation each
    // conversation's mean (B). The head runs at the target positions alone: an assistant's answer is a few tokens of a
    // conversation, and the head's matmul (C × vocab per position) is the largest one of a small model, or GPT-2's.
    private Tensor Loss(ChatTokens[] batch, bool perConversation = false)
    {
        using var scope = NewDisposeScope();
        var (x, positions, ids, rows) = ChatBatch.Targets(_template, batch, Device); // (B, T); (N) each
        var hidden = _model.Hidden(x); // (B, T, C)
        var logits = _model.HeadLogits(hidden.view(-1, hidden.shape[2]).index_select(0, positions)); // (N, vocab)
        if (!perConversation)
            return nn.functional.cross_entropy(logits, ids).MoveToOuterDisposeScope(); // the mean over every target of the batch
        var losses = nn.functional.cross_entropy(logits, ids, reduction: nn.Reduction.None); // (N)
        var sums = zeros(batch.Length, device: Device).index_add_(0, rows, losses, 1); // (B)
        var counts = zeros(batch.Length, device: Device).index_add_(0, rows, ones_like(losses), 1); // (B)
        return (sums / counts).MoveToOuterDisposeScope(); // (B)
    }

    private static ChatTokens[] Fit(IEnumerable<ChatTokens> rendered, int blockSize, out int dropped)
    {
        var all = rendered.ToArray();
        // Inputs are all but the last token; a conversation without a target (no assistant turn) teaches nothing.
        var kept = all.Where(c => c.Length - 1 <= blockSize && c.IsTarget.Skip(1).Any(t => t)).ToArray();
        dropped = all.Length - kept.Length;
        return kept;
    }
}
