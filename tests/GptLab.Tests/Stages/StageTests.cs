using GptLab.Configuration;
using GptLab.Data;
using GptLab.IO;
using GptLab.Stages;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Stages;

/// <summary>The stage layer's rules for a run folder, and a trained classifier used again from its folder.</summary>
public class StageTests
{
    private static SettingsRequest TinyPretraining(int steps) =>
        SettingsRequest.For(TorchFixture.TinyRun(maxSteps: steps, evalInterval: 4, checkpointInterval: steps));

    private static RunFolder NewRun(string purpose) => RunFolder.At(Path.Combine(TestPaths.NewTempFolder(purpose), "run"));

    [Fact]
    public void PretrainingRefusesResumesAndReplacesAnExistingRun()
    {
        var run = NewRun("stage-pretrain");
        using (var stage = PretrainingStage.Open(run, TinyPretraining(4), CPU))
        {
            Assert.Null(stage.Resumed);
            Assert.Equal(stage.Data.Tokenizer.VocabSize, stage.Config.Model.VocabSize); // derived from the tokenizer
            Assert.Equal([0L, 4L], stage.Train().Evaluations.Select(e => e.Step));
        }
        Assert.True(File.Exists(Path.Combine(run.Data, RunFiles.DataMeta)));
        Assert.Contains("pass --resume", Assert.Throws<GptLabException>(() => PretrainingStage.Open(run, TinyPretraining(4), CPU)).Message);

        // A resumed run may run longer; its result carries the earlier session's evaluations too.
        var longer = TinyPretraining(4) with { Flags = new SettingOverrides { MaxSteps = 6 } };
        using (var stage = PretrainingStage.Open(run, longer, CPU, StartMode.Resume))
        {
            Assert.Equal(4, stage.Resumed!.Step);
            Assert.Contains("train.max_steps 4 → 6", stage.Changes);
            Assert.Equal(4, stage.Config.Train.LrDecaySteps); // the schedule under way keeps its horizon
            Assert.Equal([0L, 4L, 6L], stage.Train().Evaluations.Select(e => e.Step));
        }
        var wider = TinyPretraining(4) with { Flags = new SettingOverrides { NEmbd = 32 } };
        Assert.Contains("model.n_embd=32", Assert.Throws<GptLabException>(() => PretrainingStage.Open(run, wider, CPU, StartMode.Resume)).Message);

        // A refused opening released the run: Replace trains it anew.
        using (var stage = PretrainingStage.Open(run, TinyPretraining(2), CPU, StartMode.Replace))
            Assert.Equal(2, stage.Train().Step);
        Assert.Contains("has no checkpoint", Assert.Throws<GptLabException>(() => PretrainingStage.Open(NewRun("stage-none"), TinyPretraining(2), CPU, StartMode.Resume)).Message);
    }

    [Fact]
    public void AResumedRunTrainsOnTheDataItStartedWithOrRefusesBeforeAnythingChanges()
    {
        var folder = TestPaths.NewTempFolder("stage-corpus");
        var corpus = Path.Combine(folder, "corpus.txt");
        File.WriteAllText(corpus, string.Concat(Enumerable.Repeat("the cat sat on the mat. ", 400)));
        var settings = SettingsRequest.For(TorchFixture.TinyRun(maxSteps: 4, evalInterval: 4, checkpointInterval: 4) with { Data = TorchFixture.Tiny.Data with { Corpus = corpus } });
        var run = RunFolder.At(Path.Combine(folder, "run"));
        using (var stage = PretrainingStage.Open(run, settings, CPU)) stage.Train();
        var trainTokens = Path.Combine(run.Data, RunFiles.TrainTokens);
        var started = File.ReadAllBytes(trainTokens);

        // The corpus edited: one new character would shift every id of the character vocabulary under the weights.
        File.WriteAllText(corpus, "!" + File.ReadAllText(corpus));
        var longer = settings with { Flags = new SettingOverrides { MaxSteps = 6 } };
        using (var stage = PretrainingStage.Open(run, longer, CPU, StartMode.Resume))
        {
            Assert.Equal(stage.Config.Model.VocabSize, stage.Data.Tokenizer.VocabSize);
            Assert.Equal(6, stage.Train().Step);
        }
        Assert.Equal(started, File.ReadAllBytes(trainTokens)); // trained on the data it started with, untouched

        // Data encoded by another tokenizer of the same size (prepared again from another text): refused, nothing changes.
        var checkpointConfig = File.ReadAllText(Path.Combine(run.Checkpoint, RunFiles.Config));
        GptLab.Tokenization.CharTokenizer.FromCorpus("the cat sat on the xat. ").Save(Path.Combine(run.Data, RunFiles.Tokenizer));
        var even = settings with { Flags = new SettingOverrides { MaxSteps = 8 } };
        Assert.Contains("another tokenizer", Assert.Throws<GptLabException>(() => PretrainingStage.Open(run, even, CPU, StartMode.Resume)).Message);
        Directory.Delete(run.Data, recursive: true);
        Assert.Contains("no prepared data", Assert.Throws<GptLabException>(() => PretrainingStage.Open(run, even, CPU, StartMode.Resume)).Message);
        Assert.Equal(checkpointConfig, File.ReadAllText(Path.Combine(run.Checkpoint, RunFiles.Config)));
    }

    [Fact]
    public void BadSettingsFailBeforeTheRunFolderIsMade()
    {
        var run = NewRun("stage-bad");
        var bad = TinyPretraining(4) with { Flags = new SettingOverrides { LearningRate = -1 } };
        Assert.Contains("learning_rate=-1", Assert.Throws<GptLabException>(() => PretrainingStage.Open(run, bad, CPU)).Message);
        Assert.False(Directory.Exists(run.Path));
    }

    [Fact]
    public void ATrainedClassifierIsLoadedFromItsFolderAndPredictsAsWhenItWasTrained()
    {
        var baseRun = NewRun("stage-base");
        using (var stage = PretrainingStage.Open(baseRun, TinyPretraining(4), CPU)) stage.Train();
        // Shouted (upper-cased) lines against plain ones: a label every character carries.
        var lines = File.ReadAllLines(TestPaths.Shakespeare).Where(l => l.Length is > 12 and < 30 && !l.EndsWith(':')).Distinct().Take(120).ToList();
        var examples = lines.Select((l, i) => i % 2 == 0 ? new LabeledText(l.ToUpperInvariant(), 1) : new LabeledText(l, 0)).ToList();
        var task = new ClassificationDataset(["plain", "shouted"], [.. examples.Where((_, i) => i % 4 != 0)], [.. examples.Where((_, i) => i % 4 == 0)]);
        var settings = new SettingsRequest { Stage = Stage.Classifier, Profile = "tiny", Flags = new SettingOverrides { MaxSteps = 20 } };
        var texts = task.Test.Select(e => e.Text).ToList();

        var run = NewRun("stage-classifier");
        ClassifierResult result;
        IReadOnlyList<string> whenTrained;
        using (var stage = ClassifierStage.Open(run, settings, baseRun.Path, CPU, task))
        {
            result = stage.Train();
            whenTrained = [.. stage.Classifier.Predict(texts).Select(i => task.Labels[i])];
        }
        Assert.Equal([0L, 20L], result.Evaluations.Select(e => e.Step)); // a 20-step run evaluates at its end
        using (var loaded = TrainedClassifier.Load(run, CPU))
        {
            Assert.Equal(task.Labels, loaded.Labels);
            var predicted = loaded.Predict(texts);
            Assert.Equal(whenTrained, predicted);
            Assert.Equal(result.TestAccuracy, predicted.Where((label, i) => label == task.Labels[task.Test[i].Label]).Count() / (double)texts.Count, 6);
        }

        Assert.Contains("not a classifier", Assert.Throws<GptLabException>(() => TrainedClassifier.Load(baseRun, CPU)).Message);
        Assert.Contains("never resumed", Assert.Throws<GptLabException>(() => ClassifierStage.Open(run, settings, baseRun.Path, CPU, task, StartMode.Resume)).Message);
        File.Delete(Path.Combine(run.Checkpoint, RunFiles.Labels));
        Assert.Contains(RunFiles.Labels, Assert.Throws<GptLabException>(() => TrainedClassifier.Load(run, CPU)).Message);
    }
}
