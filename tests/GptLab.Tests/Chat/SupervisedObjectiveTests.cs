using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Chat;

public class SupervisedObjectiveTests
{
    private static readonly ChatExample Example = ChatFixture.Example("Repeat: red cat sun", "red cat sun");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LossCoversExactlyTheTargetPositions(bool allTokens)
    {
        using var model = ChatFixture.NewModel();
        var config = new TrainConfig { BatchSize = 1, EvalIters = 1, Seed = 3 };
        var objective = new SupervisedObjective(model, ChatFixture.Template, [Example], [Example], config, allTokens, CPU);
        using var noGrad = no_grad();
        var loss = objective.MicroBatchLoss(0, 0).item<float>();

        // By hand: -log p(next token) averaged over the positions the template marks as targets.
        var chat = ChatFixture.Template.Render(Example.Messages, allTokens);
        var logProbs = model.forward(tensor(chat.Ids[..^1].Select(i => (long)i).ToArray(), [1, chat.Length - 1])).log_softmax(-1);
        var targets = Enumerable.Range(1, chat.Length - 1).Where(t => chat.IsTarget[t]).ToList();
        var expected = -targets.Average(t => logProbs[0, t - 1, chat.Ids[t]].item<float>());
        Assert.Equal(expected, loss, 4);
        var userTokens = ChatFixture.Template.EncodeTurn(Example.Messages[0].Content).Length;
        Assert.Equal(allTokens ? chat.Length - 1 : chat.Length - userTokens - 4, targets.Count); // masked: the answer and its end; no user words, roles or start
    }

    [Fact]
    public void APaddedBatchCountsEveryTargetOnceAndEvaluationEachConversationByItsOwnMean()
    {
        ChatExample[] examples = [Example, ChatFixture.Example("What is two plus three?", "five"), ChatFixture.Example("Repeat: the cat sat on the mat", "the cat sat on the mat")];
        using var model = ChatFixture.NewModel();
        var objective = new SupervisedObjective(model, ChatFixture.Template, examples, examples, new TrainConfig { BatchSize = 3, EvalIters = 1, Seed = 3 }, false, CPU);
        using var noGrad = no_grad();

        // By hand, each conversation alone (no padding): -log p of each target token.
        var perConversation = examples.Select(e =>
        {
            var chat = ChatFixture.Template.Render(e.Messages);
            using var logProbs = model.forward(tensor(chat.Ids[..^1].Select(i => (long)i).ToArray(), [1, chat.Length - 1])).log_softmax(-1);
            return Enumerable.Range(1, chat.Length - 1).Where(t => chat.IsTarget[t]).Select(t => -logProbs[0, t - 1, chat.Ids[t]].item<float>()).ToList();
        }).ToList();
        Assert.Equal(perConversation.SelectMany(l => l).Average(), objective.MicroBatchLoss(0, 0).item<float>(), 4); // the batch: every target once
        Assert.Equal(perConversation.Average(l => l.Average()), objective.Evaluate().ValLoss, 4); // evaluation: each conversation's mean
    }

    [Fact]
    public void EpochsVisitEveryConversationOnceInAShuffledOrder()
    {
        using var model = ChatFixture.NewModel();
        var examples = Enumerable.Range(0, 6).Select(i => ChatFixture.Example($"Repeat: cat {i}", $"cat {i}")).ToList();
        var config = new TrainConfig { BatchSize = 2, EvalIters = 1, Seed = 11 };
        var objective = new SupervisedObjective(model, ChatFixture.Template, examples, examples, config, false, CPU);
        Assert.Equal(3, config.StepsFor(epochs: 1, examples.Count));
        Assert.Equal(6, config.StepsFor(epochs: 2, examples.Count));
        Assert.Equal(6, objective.TrainExamples);
        Assert.Equal(0, objective.DroppedExamples);
        var epoch0 = Enumerable.Range(0, 6).Select(k => objective.ExampleAt(k)).ToArray();
        var epoch1 = Enumerable.Range(6, 6).Select(k => objective.ExampleAt(k)).ToArray();
        Assert.Equal(Enumerable.Range(0, 6), epoch0.Order());
        Assert.Equal(Enumerable.Range(0, 6), epoch1.Order());
        Assert.NotEqual(epoch0, epoch1); // reshuffled each epoch
        Assert.NotEqual(Enumerable.Range(0, 6), epoch0);
        var again = new SupervisedObjective(model, ChatFixture.Template, examples, examples, config, false, CPU);
        Assert.Equal(epoch1, Enumerable.Range(6, 6).Select(k => again.ExampleAt(k))); // a resumed run replays the order
    }

    [Fact]
    public void BatchesGroupConversationsOfSimilarLength()
    {
        using var model = ChatFixture.NewModel(blockSize: 64);
        var shortOnes = Enumerable.Range(0, 16).Select(i => ChatFixture.Example($"Repeat: cat {i}", "cat"));
        var longOnes = Enumerable.Range(0, 16).Select(i => ChatFixture.Example($"Repeat: the cat sat on the mat {i}", string.Join(' ', Enumerable.Repeat("the cat sat on the mat", 4))));
        var examples = shortOnes.Concat(longOnes).ToList();
        var objective = new SupervisedObjective(model, ChatFixture.Template, examples, examples, new TrainConfig { BatchSize = 4, Seed = 5 }, false, CPU);
        for (var batch = 0; batch < 8; batch++)
        {
            var kinds = Enumerable.Range(batch * 4, 4).Select(k => objective.ExampleAt(k) < 16).Distinct().Count();
            Assert.Equal(1, kinds); // 32 conversations fit one window of 8 batches: each batch is all short or all long
        }
    }

    [Fact]
    public void ConversationsLongerThanTheContextAreLeftOutAndCounted()
    {
        using var model = ChatFixture.NewModel(blockSize: 16);
        var longOne = ChatFixture.Example(string.Join(' ', Enumerable.Repeat("the cat sat on the mat", 10)), "ok");
        var objective = new SupervisedObjective(model, ChatFixture.Template, [Example, longOne], [Example], new TrainConfig { BatchSize = 2 }, false, CPU);
        Assert.Equal(1, objective.DroppedExamples);
        Assert.Throws<GptLabException>(() => new SupervisedObjective(model, ChatFixture.Template, [longOne], [longOne], new TrainConfig(), false, CPU));
    }
}
