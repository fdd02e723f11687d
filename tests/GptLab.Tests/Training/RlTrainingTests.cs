using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Model;
using GptLab.Tests.Chat;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

/// <summary>
/// Reinforcement learning through the shared trainer: from a model that answers "Pick a word, n" with "red" or "cat"
/// alike, the checker's rewards ("red" is right) teach it to say "red", the same rewards shuffled teach nothing, and a
/// rewards function of its own (a proxy that prefers "cat") is what the policy follows, against the checker; a resumed
/// run samples and loses exactly what an uninterrupted one does; native memory stays flat. The same model's own answers,
/// judged by the checker, make DPO's on-policy pairs, which teach "red" too.
/// </summary>
public class RlTrainingTests
{
    // Forty wordings of one question whose right answer is "red": the even ones for training, the odd ones held out.
    private static (ChatExample[] Train, ChatExample[] Test) Questions()
    {
        var all = Enumerable.Range(0, 40).Select(n => ChatFixture.Example($"Pick a word, {n}", "red", "pick")).ToArray();
        return ([.. all.Where((_, i) => i % 2 == 0)], [.. all.Where((_, i) => i % 2 == 1)]);
    }

    private static RunConfig Config(int maxSteps, string rewards = RlConfig.CheckerRewards, double beta = 0) => new()
    {
        Model = ChatFixture.Config(),
        Stage = Stage.Rl,
        Train = new TrainConfig
        {
            BatchSize = 8, LearningRate = 1e-3, MinLr = 1e-3, WarmupSteps = 0, MaxSteps = maxSteps, WeightDecay = 0,
            EvalInterval = maxSteps, EvalIters = 2, CheckpointInterval = 1000, LogInterval = 1, Seed = 9,
        },
        Rl = new RlConfig { Group = 8, Beta = beta, Rewards = rewards, MaxNewTokens = 4 },
    };

    // A model that answers every question with "red" or "cat" about equally often: supervised on both answers to each.
    private static readonly Lazy<string> WarmFolder = new(() =>
    {
        var (train, test) = Questions();
        var both = train.Concat(test).SelectMany(e => new[] { e, ChatFixture.Example(e.Messages[0].Content, "cat", "pick") }).ToArray();
        var config = new RunConfig
        {
            Model = ChatFixture.Config(), Stage = Stage.Sft, Sft = new SftConfig(),
            Train = new TrainConfig { BatchSize = 16, LearningRate = 3e-3, MinLr = 3e-4, WarmupSteps = 10, MaxSteps = 200, WeightDecay = 0, EvalInterval = 200, EvalIters = 1, CheckpointInterval = 200, Seed = 4 },
        };
        var folder = TestPaths.NewTempFolder("rl-warm");
        using var model = ChatFixture.NewModel();
        using (var trainer = new Trainer(new SupervisedObjective(model, ChatFixture.Template, both, test, config.Train, false, CPU), config, folder))
            trainer.Train();
        return folder;
    });

    private static GroupRewardObjective Objective(Gpt policy, Gpt reference, RunConfig config, Func<IReadOnlyList<(ChatExample Example, SampledAnswer Answer)>, float[]>? rewards = null)
    {
        var (train, test) = Questions();
        return new GroupRewardObjective(policy, reference, ChatFixture.Template, train, test, config.Train, config.Rl!, CPU, rewards);
    }

    // Share of sampled answers (16 per held-out question, temperature 1) that are "red".
    private static double RedShare(Gpt model) =>
        PassAtK.RightCounts(model, ChatFixture.Template, Questions().Test, 16, 1.0, 4, seed: 77).Average() / 16;

    [Fact]
    public void AdvantagesAreRewardsLessTheirGroupsMeanAndFlatGroupsAreCounted()
    {
        var advantages = GroupRewardObjective.Advantages([1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1], group: 4, out var flat);
        Assert.Equal([0.5f, -0.5f, -0.5f, 0.5f, 0, 0, 0, 0, 0, 0, 0, 0], advantages);
        Assert.Equal(2, flat);
        Assert.Throws<ArgumentException>(() => GroupRewardObjective.Advantages([1, 0, 1], group: 2, out _));
    }

    [Fact]
    public void AnAnswerLimitThatCutsOffTheRightAnswerIsAnErrorBeforeTraining()
    {
        using var policy = ChatFixture.NewModel();
        var config = Config(maxSteps: 1) with { Rl = Config(1).Rl! with { MaxNewTokens = 1 } };
        var error = Assert.Throws<GptLabException>(() => Objective(policy, policy, config));
        Assert.Contains("max_new_tokens=1 cannot hold the longest right answer", error.Message);
    }

    [Fact]
    [Trait("Category", TestCategory.Slow)]
    public void TheCheckersRewardsTeachTheRightAnswerShuffledRewardsDoNotAndAProxysRewardsWin()
    {
        double Trained(string rewards, long seed, Func<IReadOnlyList<(ChatExample Example, SampledAnswer Answer)>, float[]>? proxy = null)
        {
            using var policy = Checkpoint.Load(WarmFolder.Value, CPU);
            using var reference = Checkpoint.Load(WarmFolder.Value, CPU);
            var config = Config(maxSteps: 30, rewards) with { Train = Config(30).Train with { Seed = seed } };
            using (var trainer = new Trainer(Objective(policy.Model, reference.Model, config, proxy), config, TestPaths.NewTempFolder($"rl-{rewards}-{seed}")))
                trainer.Train();
            return RedShare(policy.Model);
        }
        double before;
        using (var warm = Checkpoint.Load(WarmFolder.Value, CPU)) before = RedShare(warm.Model);
        var checker = Trained(RlConfig.CheckerRewards, 9);
        // Shuffled rewards carry no information, but Adam takes full-size steps on noise too: one run may drift either
        // way. Over seeds the drift has no direction, so the check the checker's run passes fails on their mean.
        var shuffled = new long[] { 1, 2, 3, 4 }.Select(seed => Trained(RlConfig.ShuffledRewards, seed)).ToArray();
        Assert.True(before is > 0.25 and < 0.75, $"\"red\" {before:P0} before: the warm model should say \"red\" or \"cat\" about alike");
        Assert.True(checker > 0.8, $"\"red\" {before:P0} before, {checker:P0} after RL with the checker");
        Assert.False(shuffled.Average() > 0.8, $"\"red\" {before:P0} before, {string.Join(", ", shuffled.Select(x => x.ToString("P0")))} after RL with shuffled rewards");
        // A reward model's rewards are whatever it learned: one that scores "cat" up pulls the policy there, and the checker's share falls.
        var proxy = Trained(RlConfig.CheckerRewards, 9, answers => [.. answers.Select(a => a.Answer.Text.Trim() == "cat" ? 1f : 0f)]);
        Assert.True(proxy < 0.2, $"\"red\" {before:P0} before, {proxy:P0} after RL with rewards for \"cat\"");
    }

    [Fact]
    public void ResumingSamplesAndLosesExactlyAsAnUninterruptedRun()
    {
        var config = Config(maxSteps: 6, beta: 0.1) with { Train = Config(6).Train with { GradAccum = 2, EvalInterval = 3 } };
        var straightFolder = TestPaths.NewTempFolder("rl-straight");
        using (var policy = Checkpoint.Load(WarmFolder.Value, CPU))
        using (var reference = Checkpoint.Load(WarmFolder.Value, CPU))
        using (var trainer = new Trainer(Objective(policy.Model, reference.Model, config), config, straightFolder))
            trainer.Train();

        var resumedFolder = TestPaths.NewTempFolder("rl-resumed");
        using (var policy = Checkpoint.Load(WarmFolder.Value, CPU))
        using (var reference = Checkpoint.Load(WarmFolder.Value, CPU))
        using (var trainer = new Trainer(Objective(policy.Model, reference.Model, config), config, resumedFolder))
        using (var stop = new CancellationTokenSource())
        {
            trainer.StepCompleted += p => { if (p.Step == 2) stop.Cancel(); };
            Assert.True(trainer.Train(stop.Token).Interrupted);
        }
        using (var checkpoint = Checkpoint.Load(resumedFolder, CPU))
        using (var reference = Checkpoint.Load(WarmFolder.Value, CPU))
        using (var trainer = new Trainer(Objective(checkpoint.Model, reference.Model, config), config, resumedFolder, checkpoint))
            trainer.Train();

        var straight = MetricsLog.Read(Path.Combine(straightFolder, RunFiles.Metrics));
        var resumed = MetricsLog.Read(Path.Combine(resumedFolder, RunFiles.Metrics));
        Assert.Equal(straight.Select(m => m.Loss), resumed.Select(m => m.Loss)); // bit-for-bit
        Assert.Equal(straight.Select(m => m.Reward), resumed.Select(m => m.Reward));
        Assert.Contains(straight, m => m.Reward is > 0 and < 1); // the groups had something to learn
    }

    [Fact]
    public void PairsMinedFromItsOwnAnswersSetTheRightOneOverEachWrongOneAndDpoOnThemTeachesIt()
    {
        var (train, test) = Questions();
        using var warm = Checkpoint.Load(WarmFolder.Value, CPU);
        // A question whose reference the model never says gives no pair: mining only sharpens what the model can sample.
        ChatExample[] asked = [.. train, ChatFixture.Example("Pick a word, 99", "dog", "pick")];
        List<PreferencePair> Mine(IReadOnlyList<ChatExample> questions, long seed) =>
            OnPolicyPairs.Mine(warm.Model, ChatFixture.Template, questions, q => q.Messages[0].Content, samples: 8, maxNewTokens: 4, seed);
        var pairs = Mine(asked, seed: 5);
        Assert.All(pairs, p => Assert.Equal("red", p.Chosen));
        Assert.All(pairs, p => Assert.NotEqual("red", p.Rejected));
        Assert.DoesNotContain(pairs, p => p.Unit == "Pick a word, 99");
        // Each wrong answer sampled makes a pair: about half of each question's 8 answers, mostly "cat".
        Assert.InRange(pairs.Count, 2 * train.Length, 6 * train.Length);
        Assert.True(pairs.Count(p => p.Rejected == "cat") > pairs.Count / 2);
        Assert.Equal(pairs.Select(p => (p.Unit, p.Rejected)), Mine(asked, seed: 5).Select(p => (p.Unit, p.Rejected))); // a resumed run mines the same pairs

        // DPO+NLL on those pairs: the model says "red" to held-out wordings it was never asked.
        var config = Config(maxSteps: 30).Train with { BatchSize = 16, EvalInterval = 30 };
        using var policy = Checkpoint.Load(WarmFolder.Value, CPU);
        var before = RedShare(policy.Model);
        using (var trainer = new Trainer(new DpoObjective(policy.Model, warm.Model, ChatFixture.Template, pairs, Mine(test, seed: 6), config, 0.1, DpoConfig.DpoLoss, CPU, nll: 1),
            Config(30) with { Stage = Stage.Dpo, Train = config }, TestPaths.NewTempFolder("dpo-mined")))
            trainer.Train();
        var after = RedShare(policy.Model);
        Assert.True(after > before + 0.25, $"\"red\" {before:P0} before, {after:P0} after DPO on the mined pairs");
    }

    [Fact]
    public void LiveTensorCountStaysFlatThroughTraining()
    {
        var config = Config(maxSteps: 12, beta: 0.1) with { Train = Config(12).Train with { EvalInterval = 4 } };
        using var policy = Checkpoint.Load(WarmFolder.Value, CPU);
        using var reference = Checkpoint.Load(WarmFolder.Value, CPU);
        var counts = new Dictionary<long, long>();
        using (var trainer = new Trainer(Objective(policy.Model, reference.Model, config), config, TestPaths.NewTempFolder("rl-leak")))
        {
            trainer.StepCompleted += p => counts[p.Step] = Tensor.TotalCount;
            _ = TorchFixture.SettledTensorCount();
            trainer.Train();
        }
        Assert.Equal(counts[4], counts[11]);
    }
}
