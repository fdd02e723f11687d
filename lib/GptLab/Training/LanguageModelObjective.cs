using GptLab.IO;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Model;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using GptLab.Tokenization;

namespace GptLab.Training;

/// <summary>Next-token prediction on random windows of a token stream: generative pretraining (nanoGPT's train.py).</summary>
public sealed class LanguageModelObjective : ITrainingObjective
{
    private readonly Gpt _model;
    private readonly TokenDataset _data;
    private readonly int _evalIters;
    private readonly BatchSampler _trainBatches;
    private readonly BatchSampler _trainEvalBatches;
    private readonly BatchSampler _valBatches;

    public LanguageModelObjective(Gpt model, TokenDataset data, TrainConfig config, Device device)
    {
        if (data.Tokenizer.VocabSize != model.Config.VocabSize)
            throw new GptLabException($"the data's tokenizer has {data.Tokenizer.VocabSize} ids but the model {model.Config.VocabSize}: prepare the data with the checkpoint's tokenizer, or start a new run");
        _model = model;
        _data = data;
        _evalIters = config.EvalIters;
        Device = device;
        model.to(device);
        Parameters = model.DistinctParameters();
        var T = model.Config.BlockSize;
        _trainBatches = new BatchSampler(data.Train, config.BatchSize, T, config.Seed);
        _trainEvalBatches = new BatchSampler(data.Train, config.BatchSize, T, config.Seed + 1);
        _valBatches = new BatchSampler(data.Val, config.BatchSize, T, config.Seed + 2);
        TokensPerMicroBatch = (long)config.BatchSize * T;
    }

    public nn.Module Model => _model;

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    public Device Device { get; }

    public string Dtype => _model.Dtype;

    public long TokensPerMicroBatch { get; }

    public (string Kind, int VocabSize) Tokenizer => (_data.Tokenizer.Kind, _data.Tokenizer.VocabSize);

    public Tensor MicroBatchLoss(long step, int micro)
    {
        var (x, y) = _trainBatches.Sample(step, micro, Device);
        return _model.Loss(x, y);
    }

    public EvalResult Evaluate() => new(MeanLoss(_trainEvalBatches), MeanLoss(_valBatches));

    public void WriteModel(string folder)
    {
        _data.Tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
        _model.save_safetensors(Path.Combine(folder, RunFiles.Model));
    }

    private double MeanLoss(BatchSampler batches)
    {
        var total = 0.0;
        for (var i = 0; i < _evalIters; i++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = batches.Sample(i, 0, Device); // the same batches every time: estimates compare across steps
            total += _model.Loss(x, y).item<float>();
        }
        return total / _evalIters;
    }
}
