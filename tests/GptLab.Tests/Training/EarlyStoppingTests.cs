using GptLab.IO;
using GptLab.Configuration;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Tokenization;
using GptLab.Training;
using TorchSharp.PyBridge;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

public class EarlyStoppingTests
{
    // Validation losses scripted per evaluation (step 0 first), around a real little model the loop can train.
    private sealed class ScriptedObjective(double[] valLosses) : ITrainingObjective
    {
        private readonly Linear _linear = nn.Linear(2, 1);
        private int _evaluations;

        public nn.Module Model => _linear;

        public IReadOnlyList<(string Name, Parameter Parameter)> Parameters => [.. _linear.named_parameters().Select(p => (p.name, p.parameter))];

        public Device Device => CPU;

        public string Dtype => Precision.Float32;

        public long TokensPerMicroBatch => 1;

        public (string Kind, int VocabSize) Tokenizer => ("char", 2);

        public Tensor MicroBatchLoss(long step, int micro) => _linear.call(ones(1, 2)).pow(2).sum();

        public EvalResult Evaluate() => new(1.0, valLosses[Math.Min(_evaluations++, valLosses.Length - 1)]);

        public void WriteModel(string folder) => File.WriteAllText(Path.Combine(folder, "weights.txt"), "scripted");
    }

    // The same scripted validation losses (by step) around a small GPT, so that a run can be checkpointed and resumed.
    private sealed class ScriptedGptObjective(Gpt gpt, double[] valLosses, int evalInterval) : ITrainingObjective
    {
        private long _stepsDone;

        public nn.Module Model => gpt;

        public IReadOnlyList<(string Name, Parameter Parameter)> Parameters => gpt.DistinctParameters();

        public Device Device => CPU;

        public string Dtype => gpt.Dtype;

        public long TokensPerMicroBatch => 8;

        public (string Kind, int VocabSize) Tokenizer => (TorchFixture.ShakespeareChars.Tokenizer.Kind, TorchFixture.ShakespeareChars.Tokenizer.VocabSize);

        public Tensor MicroBatchLoss(long step, int micro)
        {
            _stepsDone = step + 1;
            return gpt.Loss(TorchFixture.Ids(1, 2, 3, 4, 5, 6, 7, 8), TorchFixture.Ids(2, 3, 4, 5, 6, 7, 8, 9));
        }

        public EvalResult Evaluate() => new(1.0, valLosses[Math.Min((int)(_stepsDone / evalInterval), valLosses.Length - 1)]);

        public void WriteModel(string folder)
        {
            TorchFixture.ShakespeareChars.Tokenizer.Save(Path.Combine(folder, RunFiles.Tokenizer));
            gpt.save_safetensors(Path.Combine(folder, RunFiles.Model));
        }
    }

    [Theory]
    [InlineData(45)] // after the best evaluation (40), before the next one: the best weights are not the current ones
    [InlineData(50)] // after an evaluation without a new best
    public void AResumedRunStopsWithTheSameBestWeightsAsAStraightOne(int interruptAt)
    {
        double[] losses = [3.0, 2.0, 1.5, 1.6, 1.4, 1.7, 1.8, 1.0]; // best at step 40, stop at 60
        var config = new RunConfig
        {
            Model = TorchFixture.SmallConfig(),
            Train = new TrainConfig { MaxSteps = 100, EvalInterval = 10, CheckpointInterval = 1000, EarlyStopPatience = 2, WarmupSteps = 0, LearningRate = 1e-2, MinLr = 1e-2 },
        };
        using var straightModel = TorchFixture.NewModel(config.Model, seed: 5);
        using (var trainer = new Trainer(new ScriptedGptObjective(straightModel, losses, 10), config, TestPaths.NewTempFolder("early-straight")))
            Assert.Equal(40L, trainer.Train().WeightsStep);

        // Interrupted between the best evaluation (40) and the stop (60): the checkpoint carries the step-40 weights.
        var folder = TestPaths.NewTempFolder("early-resume");
        using (var model = TorchFixture.NewModel(config.Model, seed: 5))
        using (var cancellation = new CancellationTokenSource())
        using (var trainer = new Trainer(new ScriptedGptObjective(model, losses, 10), config, folder))
        {
            trainer.StepCompleted += p => { if (p.Step == interruptAt) cancellation.Cancel(); };
            Assert.True(trainer.Train(cancellation.Token).Interrupted);
        }
        Assert.True(File.Exists(Path.Combine(folder, RunFiles.CheckpointFolder, "best_weights.safetensors")));

        using var saved = Checkpoint.Load(folder, CPU);
        TrainResult resumed;
        using (var trainer = new Trainer(new ScriptedGptObjective(saved.Model, losses, 10), saved.Meta.Config, folder, saved)) resumed = trainer.Train();
        Assert.Equal((60L, 40L), (resumed.Step, resumed.WeightsStep));
        foreach (var (name, weight) in straightModel.state_dict())
            Assert.True(weight.equal(saved.Model.state_dict()[name]).all().item<bool>(), $"{name} differs from the uninterrupted run");
    }

    [Fact]
    public void StopsWhenPatienceEvaluationsBringNoNewBestAndSaves()
    {
        var config = new RunConfig { Train = new TrainConfig { MaxSteps = 100, EvalInterval = 10, CheckpointInterval = 1000, EarlyStopPatience = 2, WarmupSteps = 0 } };
        var folder = TestPaths.NewTempFolder("early");
        using var trainer = new Trainer(new ScriptedObjective([3.0, 2.0, 1.5, 1.6, 1.4, 1.7, 1.8, 1.0]), config, folder);
        var result = trainer.Train();

        // Evaluations at steps 0, 10, 20, 30, 40, 50, 60: best 1.4 at step 40, then two without a new best.
        Assert.True(result.StoppedEarly);
        Assert.False(result.Interrupted);
        Assert.Equal(60, result.Step);
        Assert.Equal(1.8, result.ValLoss);
        var meta = Json.ReadFile<CheckpointMeta>(Path.Combine(folder, RunFiles.CheckpointFolder, RunFiles.Config), "the test");
        Assert.Equal(60, meta.Step);
        Assert.Equal(1.4, meta.BestValLoss);
        Assert.Equal(2, meta.EvalsSinceBest);
    }

    [Fact]
    public void AnEarlyStoppedModelEndsWithTheBestEvaluationsWeights()
    {
        // A constant learning rate, so that a run of 40 steps takes the same 40 updates as the first 40 of a longer one.
        TrainConfig Constant(int maxSteps, int patience) => new() { MaxSteps = maxSteps, EvalInterval = 10, CheckpointInterval = 1000, EarlyStopPatience = patience, WarmupSteps = 0, LearningRate = 1e-2, MinLr = 1e-2 };
        double[] losses = [3.0, 2.0, 1.5, 1.6, 1.4, 1.7, 1.8, 1.0];
        TorchRuntime.Seed(3);
        var stopped = new ScriptedObjective(losses);
        var folder = TestPaths.NewTempFolder("early-best");
        TrainResult result;
        using (var trainer = new Trainer(stopped, new RunConfig { Train = Constant(100, patience: 2) }, folder)) result = trainer.Train();
        TorchRuntime.Seed(3);
        var reference = new ScriptedObjective(losses);
        using (var trainer = new Trainer(reference, new RunConfig { Train = Constant(40, patience: 0) }, TestPaths.NewTempFolder("early-ref"))) trainer.Train();

        Assert.True(result.StoppedEarly);
        Assert.Equal((60L, 40L), (result.Step, result.WeightsStep));
        foreach (var (name, weight) in stopped.Model.state_dict())
            Assert.True(weight.equal(reference.Model.state_dict()[name]).all().item<bool>(), $"{name} is not the step-40 weight");
        var meta = Json.ReadFile<CheckpointMeta>(Path.Combine(folder, RunFiles.CheckpointFolder, RunFiles.Config), "the test");
        Assert.Equal(40, meta.BestStep);
        Assert.False(File.Exists(Path.Combine(folder, RunFiles.CheckpointFolder, "best_weights.safetensors")), "the final weights are the best: no second copy");
    }

    [Fact]
    public void WithoutPatienceItRunsToMaxSteps()
    {
        var config = new RunConfig { Train = new TrainConfig { MaxSteps = 40, EvalInterval = 10, CheckpointInterval = 1000, WarmupSteps = 0 } };
        using var trainer = new Trainer(new ScriptedObjective([1.0, 2.0, 3.0, 4.0, 5.0]), config, TestPaths.NewTempFolder("no-early"));
        var result = trainer.Train();
        Assert.False(result.StoppedEarly);
        Assert.Equal(40, result.Step);
    }
}
