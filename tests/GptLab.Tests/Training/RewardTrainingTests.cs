using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Model;
using GptLab.Tests.Chat;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

/// <summary>A reward model: it scores every answer alike before training, ignores right padding, and learns to rank held-out pairs through the shared trainer with flat native memory.</summary>
public class RewardTrainingTests
{
    [Fact]
    public void AFreshHeadScoresEveryAnswerZeroAndRightPaddingChangesNoReward()
    {
        using var backbone = ChatFixture.NewModel();
        var model = new GptRewardModel(backbone);
        var conversations = new[] { "Repeat: red cat", "Repeat: the big dog sat on the mat" }
            .Select(q => ChatFixture.Template.Render([ChatMessage.FromUser(q), ChatMessage.FromAssistant("red cat")])).ToArray();
        using (no_grad())
        {
            Assert.All(RewardObjective.Score(model, conversations, CPU).data<float>().ToArray(), r => Assert.Equal(0f, r));
            using (no_grad()) model.Head.parameters().First().normal_(0, 1); // a trained head, for the padding check
            var together = RewardObjective.Score(model, conversations, CPU).data<float>().ToArray(); // the short one right-padded
            var alone = RewardObjective.Score(model, [conversations[0]], CPU).data<float>().ToArray();
            Assert.Equal(alone[0], together[0], 4);
            Assert.NotEqual(together[0], together[1]);
        }
        model.Head.Dispose();
    }

    [Fact]
    public void TrainingRanksHeldOutPairsFromChanceWithAFlatTensorCount()
    {
        var config = new RunConfig
        {
            Model = ChatFixture.Config(), Stage = Stage.Reward, Reward = new RewardConfig(),
            Train = new TrainConfig { BatchSize = 16, LearningRate = 3e-3, MinLr = 3e-4, WarmupSteps = 5, MaxSteps = 40, WeightDecay = 0, EvalInterval = 10, EvalIters = 2, CheckpointInterval = 1000, LogInterval = 1, Seed = 5 },
        };
        using var backbone = ChatFixture.NewModel();
        var model = new GptRewardModel(backbone);
        var (train, validation) = PreferenceFixture.Pairs();
        var folder = TestPaths.NewTempFolder("reward-copy");
        var counts = new Dictionary<long, long>();
        using (var trainer = new Trainer(new RewardObjective(model, ChatFixture.Template, train, validation, config.Train, CPU), config, folder))
        {
            trainer.StepCompleted += p => counts[p.Step] = Tensor.TotalCount;
            _ = TorchFixture.SettledTensorCount();
            trainer.Train();
        }
        var metrics = MetricsLog.Read(Path.Combine(folder, RunFiles.Metrics)).Where(m => m.ValLoss is not null).ToList();
        Assert.Equal(Math.Log(2), metrics[0].ValLoss!.Value, 5);
        Assert.Equal(0.5, metrics[0].ValAccuracy); // every pair a tie
        Assert.True(metrics[^1].ValAccuracy >= 0.9 && metrics[^1].ValLoss < 0.5, $"val accuracy {metrics[^1].ValAccuracy}, loss {metrics[^1].ValLoss}");
        Assert.Equal(counts[10], counts[39]);
        Assert.True(File.Exists(Path.Combine(folder, RunFiles.CheckpointFolder, RunFiles.RewardHead)));
        model.Head.Dispose();
    }
}
