using GptLab.Stages;
using GptLab.IO;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Data;
using GptLab.Evaluation;
using GptLab.Model;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

public class ClassificationTests
{
    [Fact]
    public void TheRecipeKeepsTheBaseShapeAndGivesAHeadAloneTenTimesTheRate()
    {
        var chatCpu = Presets.For(Stage.Base, "chat-cpu");
        var chatBase = chatCpu with { Train = chatCpu.Train with { LrDecaySteps = 5000, GradAccum = 4, EarlyStopPatience = 3 } };
        var settings = ConfigResolver.Resolve(new SettingsRequest { Stage = Stage.Classifier, Profile = "cpu", Flags = new SettingOverrides { Seed = 7 } });
        var full = ClassifierStage.Configure(chatBase, settings);
        var probe = ClassifierStage.Configure(chatBase, settings with { Classify = settings.Classify! with { HeadOnly = true } });
        Assert.Equal(chatBase.Model, full.Model);
        Assert.Equal(chatBase.Data, full.Data);
        Assert.Equal(("classifier", 150, 16, 7L), (full.Stage, full.Train.MaxSteps, full.Train.BatchSize, full.Train.Seed));
        Assert.Equal((1e-3, 1e-4), (full.Train.LearningRate, full.Train.MinLr));
        Assert.Equal((1e-2, 1e-3), (probe.Train.LearningRate, probe.Train.MinLr));
        // The base's own schedule and stopping rule do not leak into a 150-step fine-tuning.
        Assert.Equal((0, 1, 0, 150), (full.Train.LrDecaySteps, full.Train.GradAccum, full.Train.EarlyStopPatience, full.Train.DecaySteps));
        Assert.Throws<GptLabException>(() => ClassifierStage.TaskNamed("sentiment"));
    }

    [Fact]
    public void RightPaddingDoesNotChangeTheClassLogits()
    {
        using var backbone = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 12));
        using var classifier = new GptClassifier(backbone, 3);
        classifier.eval();
        using var noGrad = no_grad();
        var alone = classifier.call(TorchFixture.Ids(4, 8, 15), tensor(new long[] { 3 }));
        var padded = classifier.call(tensor(new long[] { 4, 8, 15, 0, 0, 0, 16, 23, 42, 9, 1, 2 }, [2, 6]), tensor(new long[] { 3, 6 }));
        Assert.True(alone[0].allclose(padded[0], atol: 1e-6));
    }

    [Fact]
    public void FineTuningLearnsALabelTheTextCarries()
    {
        // Shouted (upper-cased) lines vs plain ones: every character carries the label, so accuracy must climb far above chance.
        var lines = File.ReadAllLines(TestPaths.Shakespeare).Where(l => l.Length is > 12 and < 30 && !l.EndsWith(':')).Distinct().Take(600).ToList();
        var examples = lines.Select((l, i) => i % 2 == 0 ? new LabeledText(l.ToUpperInvariant(), 1) : new LabeledText(l, 0)).ToList();
        var data = new ClassificationDataset(["plain", "shouted"], examples.Where((_, i) => i % 5 != 0).ToList(), examples.Where((_, i) => i % 5 == 0).ToList());

        var config = TorchFixture.TinyRun(maxSteps: 60, evalInterval: 30, checkpointInterval: 60) with { Stage = "classifier" };
        using var backbone = TorchFixture.NewModel(config.Model);
        using var classifier = new GptClassifier(backbone, 2);
        var objective = new ClassificationObjective(classifier, data, TorchFixture.ShakespeareChars.Tokenizer, config.Train, CPU);
        var folder = TestPaths.NewTempFolder("classify");
        using var trainer = new Trainer(objective, config, folder);
        var result = trainer.Train();

        var metrics = MetricsLog.Read(trainer.MetricsPath);
        var last = metrics.Last(m => m.ValAccuracy is not null);
        Assert.True(last.ValAccuracy > 0.95, $"val accuracy {last.ValAccuracy:P1} (untrained {metrics[0].ValAccuracy:P1})");
        Assert.True(last.ValLoss < metrics[0].ValLoss / 2, $"val loss {last.ValLoss:F3} vs untrained {metrics[0].ValLoss:F3}");
        var predictions = objective.Classifier.Predict(data.Test.Select(e => e.Text));
        var matrix = ConfusionMatrix.From(data.Test.Select(e => e.Label).ToArray(), predictions, 2);
        Assert.Equal(last.ValAccuracy!.Value, matrix.Accuracy, 6); // Predict and Evaluate agree
        Assert.Equal(data.Test.Count, matrix.Counts.Cast<int>().Sum());
        foreach (var file in new[] { RunFiles.ClassifierHead, RunFiles.Labels, RunFiles.Model })
            Assert.True(File.Exists(Path.Combine(result.Checkpoint, file)), file);
        using var reloaded = Checkpoint.Load(folder, CPU); // the backbone stays a GPT checkpoint
        Assert.Equal("classifier", reloaded.Meta.Config.Stage);
    }

    [Fact]
    public void AFrozenBackboneTrainsOnlyTheHead()
    {
        var data = AnimalOrThing.Dataset();
        var config = TorchFixture.TinyRun(maxSteps: 5, checkpointInterval: 5) with { Stage = "classifier" };
        using var backbone = TorchFixture.NewModel(config.Model);
        var before = backbone.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        using var classifier = new GptClassifier(backbone, data.Labels.Count);
        var headBefore = classifier.DistinctParameters().Single(p => p.Name == "score.weight").Parameter.clone();
        var objective = new ClassificationObjective(classifier, data, TorchFixture.ShakespeareChars.Tokenizer, config.Train, CPU, trainBackbone: false);
        Assert.Equal(["score.weight", "score.bias"], objective.Parameters.Select(p => p.Name));
        using (var trainer = new Trainer(objective, config, TestPaths.NewTempFolder("probe"))) trainer.Train();
        foreach (var (name, tensor) in backbone.state_dict())
            Assert.True(tensor.equal(before[name]).all().item<bool>(), $"{name} changed");
        Assert.False(classifier.DistinctParameters().Single(p => p.Name == "score.weight").Parameter.allclose(headBefore), "the head did not train");
    }
}
