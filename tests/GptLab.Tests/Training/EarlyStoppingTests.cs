using GptLab.Training;
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

        public long TokensPerMicroBatch => 1;

        public (string Kind, int VocabSize) Tokenizer => ("char", 2);

        public Tensor MicroBatchLoss(long step, int micro) => _linear.call(ones(1, 2)).pow(2).sum();

        public Evaluation Evaluate() => new(1.0, valLosses[Math.Min(_evaluations++, valLosses.Length - 1)]);

        public void WriteModel(string folder) => File.WriteAllText(Path.Combine(folder, "weights.txt"), "scripted");
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
        var meta = Json.ReadFile<CheckpointMeta>(Path.Combine(folder, Checkpoint.FolderName, Checkpoint.ConfigFile), "the test");
        Assert.Equal(60, meta.Step);
        Assert.Equal(1.4, meta.BestValLoss);
        Assert.Equal(2, meta.EvalsSinceBest);
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
