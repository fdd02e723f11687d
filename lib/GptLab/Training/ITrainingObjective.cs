using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Training;

/// <summary>
/// What a training stage learns, for the one loop in <see cref="Trainer"/>: pretraining
/// (<see cref="LanguageModelObjective"/>), classification fine-tuning, supervised fine-tuning.
/// Batches must depend only on (step, micro-step) so that resumed runs replay them exactly.
/// </summary>
public interface ITrainingObjective
{
    /// <summary>The module being trained, already on its device (train/eval modes are switched by the trainer).</summary>
    nn.Module Model { get; }

    /// <summary>Distinct trainable parameters with their names; 2-D ones get weight decay.</summary>
    IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    Device Device { get; }

    /// <summary>The precision the model computes in (<see cref="Model.Precision"/>); the trainer checks it against the run's dtype.</summary>
    string Dtype { get; }

    /// <summary>Tokens one micro-batch feeds the model (for tokens/s).</summary>
    long TokensPerMicroBatch { get; }

    /// <summary>Tokenizer kind and vocabulary size, recorded in the checkpoint's config.json.</summary>
    (string Kind, int VocabSize) Tokenizer { get; }

    /// <summary>Mean loss of micro-batch <paramref name="micro"/> of step <paramref name="step"/>, with its graph.</summary>
    Tensor MicroBatchLoss(long step, int micro);

    /// <summary>Loss (and accuracy where it means something) on fixed train and validation batches; called in eval mode under no_grad.</summary>
    EvalResult Evaluate();

    /// <summary>Writes the model files (weights, tokenizer, anything a stage adds) into a checkpoint folder being staged.</summary>
    void WriteModel(string folder);
}
