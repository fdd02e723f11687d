using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Model;
using GptLab.Tests.Chat;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

/// <summary>DPO through the shared trainer: it starts at ln 2 and chance, learns to prefer held-out pairs' chosen answers, resumes exactly, and keeps native memory flat.</summary>
public class DpoTrainingTests
{
    private static RunConfig Config(int maxSteps, int evalInterval) => new()
    {
        Model = ChatFixture.Config(),
        Stage = Stage.Dpo,
        Train = new TrainConfig
        {
            BatchSize = 16, LearningRate = 3e-3, MinLr = 3e-4, WarmupSteps = 5, MaxSteps = maxSteps, WeightDecay = 0,
            EvalInterval = evalInterval, EvalIters = 2, CheckpointInterval = 1000, LogInterval = 1, Seed = 5,
        },
        Dpo = new DpoConfig { Beta = 0.5 },
    };

    private static DpoObjective Objective(Gpt policy, Gpt reference, RunConfig config)
    {
        var (train, validation) = PreferenceFixture.Pairs();
        return new DpoObjective(policy, reference, ChatFixture.Template, train, validation, config.Train, config.Dpo!.Beta, config.Dpo.Loss, CPU);
    }

    [Fact]
    public void TrainingStartsAtLn2AndChanceThenPrefersTheChosenAnswersOfHeldOutPairs()
    {
        var config = Config(maxSteps: 60, evalInterval: 60);
        using var policy = ChatFixture.NewModel();
        using var reference = ChatFixture.NewModel();
        var folder = TestPaths.NewTempFolder("dpo-copy");
        using (var trainer = new Trainer(Objective(policy, reference, config), config, folder))
            trainer.Train();
        var (start, end) = (MetricsLog.Read(Path.Combine(folder, RunFiles.Metrics))[0], MetricsLog.Read(Path.Combine(folder, RunFiles.Metrics))[^1]);
        Assert.Equal(Math.Log(2), start.ValLoss!.Value, 4);
        Assert.Equal(0.5, start.ValAccuracy); // every margin a tie
        Assert.Equal(0.0, start.ValKl!.Value, 6);
        Assert.True(end.ValLoss < 0.5 && end.ValAccuracy >= 0.9 && end.ValMargin > 0.5, $"val loss {end.ValLoss}, accuracy {end.ValAccuracy}, margin {end.ValMargin}");
        Assert.True(end.ValKl > 0.01, $"KL {end.ValKl}"); // the policy moved away from its reference
    }

    [Fact]
    public void ResumingReplaysTheSamePairsAndLosses()
    {
        var config = Config(maxSteps: 12, evalInterval: 6) with { Train = Config(12, 6).Train with { GradAccum = 2 } };
        var straightFolder = TestPaths.NewTempFolder("dpo-straight");
        using (var policy = ChatFixture.NewModel())
        using (var reference = ChatFixture.NewModel())
        using (var trainer = new Trainer(Objective(policy, reference, config), config, straightFolder))
            trainer.Train();

        var resumedFolder = TestPaths.NewTempFolder("dpo-resumed");
        using (var policy = ChatFixture.NewModel())
        using (var reference = ChatFixture.NewModel())
        using (var trainer = new Trainer(Objective(policy, reference, config), config, resumedFolder))
        using (var stop = new CancellationTokenSource())
        {
            trainer.StepCompleted += p => { if (p.Step == 5) stop.Cancel(); };
            Assert.True(trainer.Train(stop.Token).Interrupted);
        }
        using (var checkpoint = Checkpoint.Load(resumedFolder, CPU))
        using (var reference = ChatFixture.NewModel())
        using (var trainer = new Trainer(Objective(checkpoint.Model, reference, config), config, resumedFolder, checkpoint))
            trainer.Train();

        var straight = MetricsLog.Read(Path.Combine(straightFolder, RunFiles.Metrics));
        var resumed = MetricsLog.Read(Path.Combine(resumedFolder, RunFiles.Metrics));
        Assert.Equal(straight.Select(m => m.Loss), resumed.Select(m => m.Loss)); // bit-for-bit
        Assert.Equal(straight.Select(m => m.ValMargin), resumed.Select(m => m.ValMargin));
    }

    [Fact]
    public void LiveTensorCountStaysFlatThroughTraining()
    {
        var config = Config(maxSteps: 24, evalInterval: 8);
        using var policy = ChatFixture.NewModel();
        using var reference = ChatFixture.NewModel();
        var counts = new Dictionary<long, long>();
        using (var trainer = new Trainer(Objective(policy, reference, config), config, TestPaths.NewTempFolder("dpo-leak")))
        {
            trainer.StepCompleted += p => counts[p.Step] = Tensor.TotalCount;
            _ = TorchFixture.SettledTensorCount();
            trainer.Train();
        }
        Assert.Equal(counts[8], counts[23]);
    }
}
