using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Stages;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// Checks a learner's training step (notebook 03's exercise: zero the gradients, the loss, backward, clip, AdamW's step)
/// against the library's <see cref="Trainer"/> (the pretraining stage, tiny profile): both train the same model from the
/// same weights on the same <see cref="Steps"/> batches with the same learning rates, and every loss must agree (to
/// 1e-4). When they do not, the check runs the step with one part left out and says which one the learner's losses
/// match; it never prints a loss.
/// </summary>
public static class TrainingStepCheck
{
    /// <summary>
    /// The learner's step on batch (<paramref name="x"/>, <paramref name="y"/>), both (B, T): update the model once and
    /// return the batch's loss as it was before the update. The check sets the optimizer's learning rate beforehand.
    /// </summary>
    public delegate float Step(Gpt model, optim.Optimizer optimizer, Tensor x, Tensor y, double gradClip);

    /// <summary>Losses compared: one per step.</summary>
    public const int Steps = 20;

    private const double Tolerance = 1e-4;

    // A step with one part left out or done wrong: the mistakes the check can name.
    private sealed record Variant(bool ZeroGrad = true, bool Clip = true, bool Update = true, bool TiedTwice = false, string Hint = "");

    private static readonly Variant[] Mistakes =
    [
        new(ZeroGrad: false, Hint: "Not yet: your losses are those of a step that never zeroes the gradients. backward() adds to each parameter's .grad, so begin every step with optimizer.zero_grad()."),
        new(Clip: false, Hint: "Not yet: your losses are those of a step that does not clip. After backward() and before optimizer.step(), clip the gradients' total norm to gradClip with nn.utils.clip_grad_norm_."),
        new(Update: false, Hint: "Not yet: your model never changes. After backward() (and the clip), optimizer.step() applies the gradients."),
        new(TiedTwice: true, Hint: "Not yet: your clip counts one weight twice. model.parameters() lists the output layer's weight beside the token embedding it shares (weight tying): clip model.DistinctParameters().Select(p => p.Parameter)."),
    ];

    // The run both train: the tiny profile's model, data and schedule, Steps long; and the trainer's losses on it.
    private sealed record Reference(RunConfig Config, int[] Tokens, float[] TrainerLosses, Dictionary<Variant, float[]> Mistakes);

    // The pretraining stage runs once per process: its losses never change, and a notebook may ask again and again.
    private static readonly Lazy<Reference> Run = new(TrainerRun);

    /// <summary>Whether <paramref name="mine"/> trains as the pretraining stage's trainer does, and a hint when it does not.</summary>
    public static (bool Right, string Message) Compare(Step mine)
    {
        var run = Run.Value;
        float[] yours;
        try
        {
            yours = Losses(run, mine);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (false, $"Not yet: your step threw {e.GetType().Name} ({e.Message.Split('\n')[0]}).");
        }
        if (Agree(yours, run.TrainerLosses)) return (true, $"Right: your {Steps} losses are the trainer's, from the same weights, batches and learning rates.");
        if (Math.Abs(yours[0] - run.TrainerLosses[0]) > Tolerance)
            return (false, "Not yet: your first loss is not the first batch's. Return model.Loss(x, y) of the batch you were given, read (item) before the update.");
        foreach (var mistake in Mistakes)
        {
            var theirs = run.Mistakes.TryGetValue(mistake, out var known) ? known
                : run.Mistakes[mistake] = Losses(run, (model, optimizer, x, y, clip) => VariantStep(model, optimizer, x, y, clip, mistake));
            if (Agree(yours, theirs)) return (false, mistake.Hint);
        }
        var drift = Enumerable.Range(0, Steps).First(i => Math.Abs(yours[i] - run.TrainerLosses[i]) > Tolerance);
        return (false, $"Not yet: your losses leave the trainer's at step {drift}. One step is: zero_grad, the loss, backward, clip to gradClip, optimizer.step, in that order.");
    }

    // `gptlab pretrain --profile tiny` cut to Steps steps, logging each, in a folder of its own deleted afterwards.
    private static Reference TrainerRun()
    {
        var tiny = Presets.For(Stage.Base, "tiny");
        var config = tiny with { Train = tiny.Train with { MaxSteps = Steps, LogInterval = 1, EvalInterval = Steps, EvalIters = 1, CheckpointInterval = Steps } };
        var folder = Path.Combine(Path.GetTempPath(), $"gptlab-step-check-{Guid.NewGuid():N}");
        try
        {
            var losses = new List<float>();
            using var stage = PretrainingStage.Open(RunFolder.At(folder), SettingsRequest.For(config), CPU, StartMode.New, new PretrainingInputs { Owner = "the training-step check" });
            stage.StepCompleted += progress => losses.Add((float)progress.Metric.Loss);
            stage.Train();
            return new Reference(stage.Config, stage.Data.Train, [.. losses], []);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    // Runs `step` on the trainer's batches and learning rates, from the trainer's initial weights (its seed, its shape).
    private static float[] Losses(Reference run, Step step)
    {
        var c = run.Config.Train;
        TorchRuntime.Seed(c.Seed);
        using var model = run.Config.CreateModel();
        using var optimizer = AdamWGroups.Create(model, c);
        var batches = new BatchSampler(run.Tokens, c.BatchSize, run.Config.Model.BlockSize, c.Seed);
        model.train();
        var losses = new float[Steps];
        for (var i = 0; i < Steps; i++)
        {
            using var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups) group.LearningRate = LrSchedule.At(i, c);
            var (x, y) = batches.Sample(i, 0, CPU);
            losses[i] = step(model, optimizer, x, y, c.GradClip);
        }
        return losses;
    }

    // The trainer's step with the parts the variant keeps.
    private static float VariantStep(Gpt model, optim.Optimizer optimizer, Tensor x, Tensor y, double gradClip, Variant variant)
    {
        if (variant.ZeroGrad) optimizer.zero_grad();
        var loss = model.Loss(x, y);
        loss.backward();
        if (variant.Clip) GradientClipping.ClipByTotalNorm([.. variant.TiedTwice ? model.parameters() : model.DistinctParameters().Select(p => p.Parameter)], gradClip);
        if (variant.Update) optimizer.step();
        return loss.item<float>();
    }

    private static bool Agree(float[] a, float[] b) => a.Length == b.Length && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= Tolerance);
}
