using GptLab.Data;
using GptLab.Stages;
using GptLab.IO;
using System.Text.Json.Nodes;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Model;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Configuration;

public class PrecisionTests
{
    private static string TrainedRun(string dtype)
    {
        var folder = TestPaths.NewTempFolder("dtype");
        var config = TorchFixture.TinyRun(maxSteps: 2, checkpointInterval: 2) with { Dtype = dtype };
        using var model = config.CreateModel();
        using var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, folder, CPU);
        trainer.Train();
        return folder;
    }

    [Fact]
    public void ThePrecisionIsSavedInTheCheckpointAndRestoredOnLoad()
    {
        var folder = TrainedRun(Precision.BFloat16);
        using var loaded = Checkpoint.Load(folder, CPU);
        Assert.Equal((Precision.BFloat16, ScalarType.BFloat16), (loaded.Model.Dtype, loaded.Model.ComputeDtype));
        using var asFp32 = Checkpoint.Load(folder, CPU, Precision.Float32); // a fine-tuning stage's own precision
        Assert.Equal((Precision.Float32, (ScalarType?)null), (asFp32.Model.Dtype, asFp32.Model.ComputeDtype));
        Assert.Null(typeof(Gpt).GetProperty(nameof(Gpt.ComputeDtype))!.SetMethod); // no switch on the model
    }

    [Fact]
    public void ACheckpointWrittenBeforeTheDataSectionStillLoads()
    {
        var folder = TrainedRun(Precision.Float32);
        var path = Path.Combine(folder, RunFiles.CheckpointFolder, RunFiles.Config);
        // Rewrite config.json in the layout GptLab wrote until 2026-12: data keys and dtype inside "train".
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var config = root["config"]!.AsObject();
        var (data, train) = (config["data"]!.AsObject(), config["train"]!.AsObject());
        train["data"] = data["corpus"]!.DeepClone();
        foreach (var key in new[] { "tokenizer", "bpe_vocab_size", "special_tokens", "val_fraction" }) train[key] = data[key]!.DeepClone();
        train["dtype"] = "bfloat16";
        config.Remove("data");
        config.Remove("dtype");
        File.WriteAllText(path, root.ToJsonString());

        using var loaded = Checkpoint.Load(folder, CPU);
        Assert.Equal(TorchFixture.TinyRun(1).Data.Corpus, loaded.Meta.Config.Data.Corpus);
        Assert.Equal(Precision.BFloat16, loaded.Model.Dtype);
        Assert.Equal(2, loaded.Meta.Step);
    }

    [Fact]
    public void ClassifyInBf16ReallyComputesInBf16()
    {
        var task = AnimalOrThing.Dataset();
        var preset = Presets.For(Stage.Classifier, "tiny");
        var settings = preset with { Train = preset.Train with { MaxSteps = 2, EvalInterval = 2, EvalIters = 1 } };
        var baseConfig = TorchFixture.TinyRun(1);
        var fp32 = ClassifierStage.Configure(baseConfig, settings);
        var bf16 = ClassifierStage.Configure(baseConfig, settings with { Dtype = Precision.BFloat16 });

        EvalResult Evaluate(RunConfig recipe)
        {
            using var backbone = TorchFixture.NewModel(recipe.Model, dtype: recipe.Dtype); // the same weights for both
            using var trainer = ClassifierTrainer(backbone, task, recipe);
            return trainer.Evaluate();
        }
        var (inFp32, inBf16) = (Evaluate(fp32), Evaluate(bf16));
        Assert.NotEqual(inFp32.ValLoss, inBf16.ValLoss); // the bf16 matmuls (backbone and head) were taken
        Assert.Equal(inFp32.ValLoss, inBf16.ValLoss, 1); // and only rounding separates them

        // A model built in one precision is refused by a run of the other: nothing trains silently in fp32.
        using var wrong = TorchFixture.NewModel(bf16.Model);
        var error = Assert.Throws<GptLabException>(() => ClassifierTrainer(wrong, task, bf16));
        Assert.Contains("computes in float32 but the run's dtype is bfloat16", error.Message);
    }

    // The classifier stage's objective and loop on a given backbone.
    private static Trainer ClassifierTrainer(Gpt backbone, ClassificationDataset task, RunConfig recipe) =>
        new(new ClassificationObjective(new GptClassifier(backbone, task.Labels.Count), task, TorchFixture.ShakespeareChars.Tokenizer, recipe.Train, CPU), recipe, TestPaths.NewTempFolder("bf16"));
}
