using GptLab.IO;
using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Chat;

/// <summary>SFT through the shared trainer: it learns a held-out skill, resumes exactly, and keeps native memory flat.</summary>
[Trait("Category", TestCategory.Slow)]
public class SftTrainingTests
{
    private static readonly string[] Words = ["red", "cat", "sun", "dog", "mat", "sat", "the", "on", "big", "hat", "run", "box", "pen", "cup", "fox", "bed"];

    // "Repeat: a b" → "a b" over word pairs; the test pairs never appear in training.
    private static (List<ChatExample> Train, List<ChatExample> Test) CopyTask()
    {
        var pairs = Words.SelectMany(a => Words.Where(b => b != a).Select(b => $"{a} {b}")).ToList();
        var examples = pairs.Select(p => ChatFixture.Example($"Repeat: {p}", p)).ToList();
        return ([.. examples.Where((_, i) => i % 7 != 0)], [.. examples.Where((_, i) => i % 7 == 0)]);
    }

    private static RunConfig Config(int maxSteps) => new()
    {
        Model = ChatFixture.Config(),
        Stage = "sft",
        Train = new TrainConfig
        {
            BatchSize = 8, LearningRate = 3e-3, MinLr = 3e-4, WarmupSteps = 10, MaxSteps = maxSteps, WeightDecay = 0,
            EvalInterval = 40, EvalIters = 2, CheckpointInterval = 1000, LogInterval = 1, Seed = 21,
        },
        Sft = new SftConfig { Epochs = 1 },
    };

    [Fact]
    public void FineTuningTeachesAHeldOutSkillAndTheEndOfTurn()
    {
        var (train, test) = CopyTask();
        using var model = ChatFixture.NewModel();
        var before = ChatEvaluation.Run(model, ChatFixture.Template, test, maxNewTokens: 8);
        var config = Config(maxSteps: 1000);
        var objective = new SupervisedObjective(model, ChatFixture.Template, train, test, config.Train, false, CPU);
        using (var trainer = new Trainer(objective, config, TestPaths.NewTempFolder("sft-copy")))
            trainer.Train();
        var after = ChatEvaluation.Run(model, ChatFixture.Template, test, maxNewTokens: 8);

        Assert.Equal(0, before.ExactMatch);
        Assert.True(after.FormatAdherence >= 0.9, $"format adherence {after.FormatAdherence:P0}");
        Assert.True(after.ExactMatch >= 0.8, $"held-out copy accuracy {after.ExactMatch:P0}: {string.Join(" | ", after.Answers.Select(a => a.Text))}");
    }

    [Fact]
    public void ResumingReplaysTheSameBatchesAndLosses()
    {
        var (train, test) = CopyTask();
        var config = Config(maxSteps: 16) with { Train = Config(16).Train with { EvalInterval = 8, GradAccum = 2 } };
        var straightFolder = TestPaths.NewTempFolder("sft-straight");
        using (var model = ChatFixture.NewModel())
        using (var trainer = new Trainer(new SupervisedObjective(model, ChatFixture.Template, train, test, config.Train, false, CPU), config, straightFolder))
            trainer.Train();

        var resumedFolder = TestPaths.NewTempFolder("sft-resumed");
        using (var model = ChatFixture.NewModel())
        using (var trainer = new Trainer(new SupervisedObjective(model, ChatFixture.Template, train, test, config.Train, false, CPU), config, resumedFolder))
        using (var stop = new CancellationTokenSource())
        {
            trainer.StepCompleted += p => { if (p.Step == 5) stop.Cancel(); };
            Assert.True(trainer.Train(stop.Token).Interrupted);
        }
        using (var checkpoint = Checkpoint.Load(resumedFolder, CPU))
        using (var trainer = new Trainer(new SupervisedObjective(checkpoint.Model, ChatFixture.Template, train, test, config.Train, false, CPU), config, resumedFolder, checkpoint))
            trainer.Train();

        var straight = MetricsLog.Read(Path.Combine(straightFolder, RunFiles.Metrics));
        var resumed = MetricsLog.Read(Path.Combine(resumedFolder, RunFiles.Metrics));
        Assert.Equal(straight.Select(m => m.Loss), resumed.Select(m => m.Loss)); // bit-for-bit
        Assert.Equal(straight.Select(m => m.ValLoss), resumed.Select(m => m.ValLoss));
    }

    [Fact]
    public void LiveTensorCountStaysFlatThroughTrainingEvaluationAndChat()
    {
        var (train, test) = CopyTask();
        using var model = ChatFixture.NewModel();
        var config = Config(maxSteps: 30) with { Train = Config(30).Train with { EvalInterval = 10 } };
        var counts = new Dictionary<long, long>();
        using (var trainer = new Trainer(new SupervisedObjective(model, ChatFixture.Template, train, test, config.Train, false, CPU), config, TestPaths.NewTempFolder("sft-leak")))
        {
            trainer.StepCompleted += p => counts[p.Step] = Tensor.TotalCount;
            _ = TorchFixture.SettledTensorCount(); // no earlier garbage left to be finalized while counting
            trainer.Train();
        }
        Assert.Equal(counts[10], counts[29]);

        var before = TorchFixture.SettledTensorCount();
        _ = ChatEvaluation.Run(model, ChatFixture.Template, test, maxNewTokens: 6);
        var session = new ChatSession(model, ChatFixture.Template, new GptLab.Sampling.SamplingOptions { MaxNewTokens = 6 });
        _ = string.Concat(session.Reply("Repeat: red cat"));
        Assert.Equal(before, Tensor.TotalCount);
    }
}
