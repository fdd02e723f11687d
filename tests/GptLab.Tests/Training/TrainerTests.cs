using GptLab.IO;
using GptLab.Configuration;
using GptLab.Model;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void TinyProfileDrivesValLossWellBelowTheUnigramBaseline()
    {
        var data = TorchFixture.ShakespeareChars;
        var counts = data.Train.GroupBy(t => t).Select(g => (double)g.Count()).ToArray();
        var unigramEntropy = -counts.Sum(c => c / data.Train.Length * Math.Log(c / data.Train.Length)); // nats/char, ≈ 3.3
        var config = TorchFixture.Tiny with { Model = TorchFixture.Tiny.Model with { VocabSize = 65 } };
        using var model = TorchFixture.NewModel(config.Model);
        using var trainer = new Trainer(model, config, data, TestPaths.NewTempFolder("tiny"), CPU);
        var result = trainer.Train();
        Assert.NotNull(result.ValLoss);
        Assert.True(result.ValLoss < unigramEntropy - 0.6, $"val loss {result.ValLoss:F3} is not well below the unigram entropy {unigramEntropy:F3}");
        var metrics = MetricsLog.Read(trainer.MetricsPath);
        Assert.True(metrics[0].ValLoss > 4.0, "the untrained model should start near ln(65) ≈ 4.17");
        Assert.All(metrics, m => Assert.True(m.TokensPerS >= 0 && m.ElapsedS >= 0 && m.Lr > 0 || m.Step == 0));
    }

    [Fact]
    public void ResumingFromACheckpointReplaysTheSameLosses()
    {
        var data = TorchFixture.ShakespeareChars;
        var config = TorchFixture.TinyRun(maxSteps: 24, evalInterval: 8, checkpointInterval: 12) with
        {
            Model = TorchFixture.TinyRun(1).Model with { Dropout = 0.1 }, // dropout masks must replay too
        };
        config = config with { Train = config.Train with { GradAccum = 2 } };

        var straightFolder = TestPaths.NewTempFolder("straight");
        using (var model = TorchFixture.NewModel(config.Model))
        using (var trainer = new Trainer(model, config, data, straightFolder, CPU))
            trainer.Train();

        var resumedFolder = TestPaths.NewTempFolder("resumed");
        using (var model = TorchFixture.NewModel(config.Model))
        using (var trainer = new Trainer(model, config, data, resumedFolder, CPU))
        using (var stop = new CancellationTokenSource())
        {
            trainer.StepCompleted += p => { if (p.Step == 13) stop.Cancel(); }; // like Ctrl+C: saves at step 13
            Assert.True(trainer.Train(stop.Token).Interrupted);
        }
        using (var checkpoint = Checkpoint.Load(resumedFolder, CPU))
        using (var trainer = new Trainer(checkpoint.Model, config, data, resumedFolder, CPU, checkpoint))
        {
            Assert.Equal(13, trainer.Step);
            trainer.Train();
        }

        var straight = MetricsLog.Read(Path.Combine(straightFolder, RunFiles.Metrics));
        var resumed = MetricsLog.Read(Path.Combine(resumedFolder, RunFiles.Metrics));
        Assert.Equal(straight.Select(m => m.Step), resumed.Select(m => m.Step));
        Assert.Equal(straight.Select(m => m.Loss), resumed.Select(m => m.Loss)); // bit-for-bit
        Assert.Equal(straight.Select(m => m.ValLoss), resumed.Select(m => m.ValLoss));
    }

    [Fact]
    public void ANanLossStopsWithTheStepAndTheLikelyCauses()
    {
        var config = TorchFixture.TinyRun(maxSteps: 5);
        using var model = TorchFixture.NewModel(config.Model);
        using (no_grad()) model.state_dict()["transformer.wte.weight"][0, 0] = float.NaN;
        var folder = TestPaths.NewTempFolder("nan");
        using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, folder, CPU);
        var e = Assert.Throws<GptLabException>(() => trainer.Train());
        Assert.Contains("at step 1", e.Message);
        Assert.Contains("learning rate", e.Message);
        Assert.Contains("no checkpoint was written", e.Message); // it failed before the first checkpoint: claim none
    }

    [Fact]
    public void ANanLossAfterACheckpointPointsToIt()
    {
        var config = TorchFixture.TinyRun(maxSteps: 10, checkpointInterval: 2);
        using var model = TorchFixture.NewModel(config.Model);
        var folder = TestPaths.NewTempFolder("nan-late");
        using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, folder, CPU);
        trainer.StepCompleted += p => { if (p.Step == 3) using (no_grad()) model.state_dict()["transformer.wte.weight"][0, 0] = float.NaN; };
        var e = Assert.Throws<GptLabException>(() => trainer.Train());
        Assert.Contains("at step 4", e.Message);
        Assert.Contains("is intact", e.Message);
        using var saved = Checkpoint.Load(folder, CPU);
        Assert.Equal(2, saved.Meta.Step);
    }

    [Fact]
    public void CancellingSavesACheckpointAtTheCurrentStep()
    {
        var config = TorchFixture.TinyRun(maxSteps: 50);
        using var model = TorchFixture.NewModel(config.Model);
        var folder = TestPaths.NewTempFolder("cancel");
        using var cancellation = new CancellationTokenSource();
        using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, folder, CPU);
        trainer.StepCompleted += p => { if (p.Step == 7) cancellation.Cancel(); };
        var result = trainer.Train(cancellation.Token);
        Assert.True(result.Interrupted);
        Assert.Equal(7, result.Step);
        using var saved = Checkpoint.Load(folder, CPU);
        Assert.Equal(7, saved.Meta.Step);
    }

    [Fact]
    public void LiveTensorCountStaysFlatWhileTrainingAndSampling()
    {
        var config = TorchFixture.TinyRun(maxSteps: 40, evalInterval: 10);
        using var model = TorchFixture.NewModel(config.Model);
        using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, TestPaths.NewTempFolder("leak"), CPU);
        var counts = new Dictionary<long, long>();
        trainer.StepCompleted += p => counts[p.Step] = Tensor.TotalCount;
        _ = TorchFixture.SettledTensorCount(); // no earlier garbage left to be finalized while counting
        trainer.Train();
        Assert.Equal(counts[10], counts[39]); // evaluations at 10, 20, 30 and a checkpoint in between change nothing

        var sampler = new GptLab.Sampling.Sampler(model, TorchFixture.ShakespeareChars.Tokenizer);
        var before = TorchFixture.SettledTensorCount();
        _ = sampler.Generate("KING:", new GptLab.Sampling.SamplingOptions { MaxNewTokens = 20 });
        _ = sampler.Generate("KING:", new GptLab.Sampling.SamplingOptions { MaxNewTokens = 20, UseKvCache = false });
        Assert.Equal(before, Tensor.TotalCount);
    }

    [Fact]
    public void WeightDecayAppliesToMatricesOnly()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig());
        using var optimizer = AdamWGroups.Create(model, new TrainConfig { WeightDecay = 0.1 });
        var groups = optimizer.ParamGroups.Cast<TorchSharp.Modules.AdamW.ParamGroup>().ToList();
        Assert.All(groups[0].Parameters, p => Assert.True(p.dim() >= 2));
        Assert.All(groups[1].Parameters, p => Assert.True(p.dim() < 2));
        Assert.Equal(model.DistinctParameters().Count, groups.Sum(g => g.Parameters.Count()));
    }
}
