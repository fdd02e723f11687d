using GptLab.Configuration;
using GptLab.Interop;
using GptLab.IO;
using GptLab.Model;
using GptLab.Tests.Chat;
using GptLab.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Tests.Model;

/// <summary>LoRA: adapters that start as no change, train alone, survive a checkpoint, and fold into plain weights.</summary>
public class LoraTests
{
    private static readonly Tensor Ids = tensor(new long[] { 5, 9, 2, 7, 11, 3, 8, 1 }, [2, 4]);

    [Fact]
    public void AFreshAdapterChangesNothingAndOnlyTheAdaptersTrain()
    {
        using var model = ChatFixture.NewModel();
        using var before = model.forward(Ids);
        model.AddAdapters(4);
        using var after = model.forward(Ids);

        Assert.Equal(0, MaxDifference(before, after)); // B starts at zero: bit for bit the same logits
        var trainable = model.TrainableParameters();
        Assert.Equal(model.Config.NLayer * 4 * 2, trainable.Count); // A and B of four projections per block
        Assert.All(trainable, p => Assert.Matches(@"_lora\.lora_[AB]$", p.Name));
        Assert.Equal((4, 8.0 / 4), (model.Config.LoraRank, model.Config.LoraScale)); // alpha 0 means twice the rank
    }

    [Fact]
    public void MergedWeightsComputeWhatTheAdaptersCompute()
    {
        using var plain = ChatFixture.NewModel();
        using var model = ChatFixture.NewModel();
        model.AddAdapters(3, alpha: 5);
        Randomise(model);
        using var adapted = model.forward(Ids);
        using var merged = model.Merged();
        using var mergedLogits = merged.forward(Ids);
        using var plainLogits = plain.forward(Ids);

        Assert.Equal(0, merged.Config.LoraRank);
        Assert.DoesNotContain(merged.state_dict().Keys, k => k.Contains("lora", StringComparison.Ordinal));
        Assert.True(MaxDifference(adapted, mergedLogits) < 1e-5, $"merged logits differ by {MaxDifference(adapted, mergedLogits)}");
        Assert.True(MaxDifference(adapted, plainLogits) > 1e-2, "the adapters changed nothing: the comparison above proves nothing"); // the null
    }

    [Fact]
    public void TrainingMovesTheAdaptersAloneAndLowersTheLoss()
    {
        var examples = Enumerable.Range(0, 40).Select(i => ChatFixture.Example($"Repeat: cat {i % 5}", $"cat {i % 5}")).ToList();
        using var model = ChatFixture.NewModel();
        // A random base's embedding rows (std 0.02) cap every logit near 0.6, and frozen they stay so: give them a
        // trained model's scale, so that what the adapters learn can show in the loss.
        using (no_grad()) nn.init.normal_(model.named_parameters().Single(p => p.name == "transformer.wte.weight").parameter, 0, 1);
        model.AddAdapters(4);
        var frozen = model.state_dict().Where(p => !p.Key.Contains("_lora.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value.detach().clone());
        var config = new RunConfig
        {
            Model = model.Config, Stage = Stage.Sft, Sft = new SftConfig(),
            Train = new TrainConfig { LoraRank = 4, BatchSize = 8, LearningRate = 3e-2, MinLr = 3e-3, WarmupSteps = 5, MaxSteps = 100, WeightDecay = 0, EvalInterval = 100, EvalIters = 2, CheckpointInterval = 1000 },
        };
        var objective = new SupervisedObjective(model, ChatFixture.Template, examples, examples, config.Train, false, CPU);
        TrainResult result;
        using (var trainer = new Trainer(objective, config, TestPaths.NewTempFolder("lora-train")))
            result = trainer.Train();

        Assert.Equal(model.Config.NLayer * 8, objective.Parameters.Count);
        Assert.All(model.state_dict().Where(p => frozen.ContainsKey(p.Key)), p => Assert.True(MaxDifference(p.Value, frozen[p.Key]) == 0, $"{p.Key} moved"));
        Assert.True(result.ValLoss < result.Evaluations[0].ValLoss - 1.5, $"val loss {result.Evaluations[0].ValLoss:F3} → {result.ValLoss:F3}");
        foreach (var t in frozen.Values) t.Dispose();
    }

    [Fact]
    public void AddedTokensTrainTheirRowsAloneAndFoldIntoTheEmbedding()
    {
        using var plain = ChatFixture.NewModel();
        using var model = ChatFixture.NewModel();
        var vocab = model.Config.VocabSize;
        using var ids = tensor(new long[] { 5, vocab - 1, 2, vocab - 3, 11, vocab - 2 }, [2, 3]); // added ids among old ones
        model.AddAdapters(2);
        model.TrainAddedTokenRows(3);
        using (var fresh = model.forward(ids))
        using (var before = plain.forward(ids))
            Assert.Equal(0, MaxDifference(before, fresh)); // the rows' delta starts at zero

        var trainable = model.TrainableParameters();
        var rows = Assert.Single(trainable, p => !p.Name.Contains("lora_", StringComparison.Ordinal)).Parameter;
        Assert.Equal([3L, model.Config.NEmbd], rows.shape);
        using (var loss = model.Loss(ids, ids))
            loss.backward();
        using (var gradient = rows.grad!)
            Assert.True(gradient.abs().sum().item<float>() > 0, "the added rows got no gradient");
        Assert.False(model.named_parameters().Single(p => p.name == "transformer.wte.weight").parameter.requires_grad); // the other rows, and the head tied to them, stay frozen

        using (no_grad()) rows.normal_(0, 0.5); // the rows alone as training leaves them (every B still zero)
        using var adapted = model.forward(ids);
        using (var unchanged = plain.forward(ids))
            Assert.True(MaxDifference(adapted, unchanged) > 1e-2, "the rows changed nothing: the comparisons below prove nothing"); // the null
        using var merged = model.Merged();
        Assert.Equal((0, 0), (merged.Config.LoraRank, merged.Config.LoraTokenRows));
        using (var folded = merged.forward(ids))
            Assert.True(MaxDifference(adapted, folded) < 1e-5, "merged logits differ");
        // Decoding with the cache reads the rows too: the last position's logits step by step equal the whole forward's.
        using var cache = model.NewCache(2);
        using var prefix = model.LastLogits(ids.narrow(1, 0, 2), cache);
        using var stepped = model.LastLogits(ids.narrow(1, 2, 1), cache);
        using (var last = adapted.select(1, 2))
            Assert.True(MaxDifference(last, stepped) < 1e-5, "a cached decoding step misses the rows");
        Assert.Contains("add adapters first", Assert.Throws<GptLabException>(() => plain.TrainAddedTokenRows(3)).Message);
        Assert.Contains("merge them first", Assert.Throws<GptLabException>(() => model.TrainAddedTokenRows(3)).Message);
    }

    [Fact]
    public void ACheckpointKeepsItsAdaptersAndExportsThemMerged()
    {
        using var model = ChatFixture.NewModel();
        model.AddAdapters(2);
        model.TrainAddedTokenRows(2);
        Randomise(model);
        var folder = TestPaths.NewTempFolder("lora-export");
        var config = new RunConfig { Model = model.Config, Stage = Stage.Sft, Sft = new SftConfig(), Train = new TrainConfig { LoraRank = 2 } };
        var meta = new CheckpointMeta { Config = config, Tokenizer = ChatFixture.Template.Tokenizer.Kind, VocabSize = model.Config.VocabSize, Step = 0 };
        Checkpoint.Save(folder, meta, f =>
        {
            ChatFixture.Template.Tokenizer.Save(Path.Combine(f, RunFiles.Tokenizer));
            model.save_safetensors(Path.Combine(f, RunFiles.Model));
        }, null, null);
        using var adapted = model.forward(Ids);

        using var loaded = Checkpoint.Load(folder, CPU);
        using var loadedLogits = loaded.Model.forward(Ids);
        Assert.Equal((2, 2), (loaded.Model.Config.LoraRank, loaded.Model.Config.LoraTokenRows));
        Assert.Equal(0, MaxDifference(adapted, loadedLogits));

        foreach (var format in CheckpointExport.Formats)
        {
            var exported = Path.Combine(folder, "out-" + format);
            CheckpointExport.Write(loaded, format, exported);
            var weights = SafetensorsFiles.Read(Path.Combine(exported, RunFiles.Model));
            Assert.DoesNotContain(weights.Keys, k => k.Contains("lora", StringComparison.Ordinal));
            foreach (var t in weights.Values) t.Dispose();
            var imported = Path.Combine(folder, "in-" + format);
            if (format == CheckpointExport.HuggingFace) PretrainedImport.Gpt2(exported, imported);
            else PretrainedImport.NanoGpt(exported, imported);
            using var back = Checkpoint.Load(imported, CPU);
            using var backLogits = back.Model.forward(Ids);
            Assert.Equal(0, back.Model.Config.LoraRank);
            Assert.True(MaxDifference(adapted, backLogits) < 1e-5, $"{format}: {MaxDifference(adapted, backLogits)}");
        }
    }

    [Fact]
    public void ABf16ModelHoldsItsFrozenBaseInBf16AndKeepsItThroughACheckpoint()
    {
        using var plain = ChatFixture.NewModel();
        using var model = new Gpt(plain.Config, Precision.BFloat16);
        using (no_grad())
            foreach (var (name, p) in model.named_parameters()) p.copy_(plain.named_parameters().Single(q => q.name == name).parameter);
        using var float32 = ChatFixture.NewModel();
        float32.AddAdapters(2);
        Assert.All(float32.named_parameters(), p => Assert.Equal(ScalarType.Float32, p.parameter.dtype)); // the null: fp32 matmuls keep fp32 weights
        using var before = model.forward(Ids);
        model.AddAdapters(2);
        model.TrainAddedTokenRows(2);

        var dtypes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.dtype);
        foreach (var name in new[] { "transformer.wte.weight", "lm_head.weight", "transformer.h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.bias", "transformer.h.1.mlp.c_proj.weight" })
            Assert.Equal(ScalarType.BFloat16, dtypes[name]);
        Assert.All(model.TrainableParameters(), p => Assert.Equal(ScalarType.Float32, p.Parameter.dtype)); // the adapters and rows AdamW updates
        Assert.Equal((ScalarType.Float32, ScalarType.Float32), (dtypes["transformer.h.0.ln_1.weight"], dtypes["transformer.wpe.weight"]));
        using (var after = model.forward(Ids))
            Assert.True(MaxDifference(before, after) < 1e-2, $"holding the base in bf16 moved the logits by {MaxDifference(before, after)}"); // the embedding's rows lose their last bits

        Randomise(model);
        using (var loss = model.Loss(Ids, Ids)) loss.backward();
        Assert.All(model.TrainableParameters(), p => Assert.NotNull(p.Parameter.grad));
        using var adapted = model.forward(Ids);
        var file = Path.Combine(TestPaths.NewTempFolder("lora-bf16"), "model.safetensors");
        model.save_safetensors(file);
        using var loaded = new Gpt(model.Config, Precision.BFloat16);
        loaded.load_safetensors(file, strict: true);
        using (var loadedLogits = loaded.forward(Ids))
            Assert.Equal(0, MaxDifference(adapted, loadedLogits)); // a bf16 run resumes on the very weights it trained on
        using var merged = loaded.Merged();
        Assert.All(merged.named_parameters(), p => Assert.Equal(ScalarType.Float32, p.parameter.dtype)); // a plain model: export writes fp32
        using var mergedLogits = merged.forward(Ids);
        using var plainLogits = plain.forward(Ids);
        Assert.True(MaxDifference(adapted, mergedLogits) < MaxDifference(adapted, plainLogits) / 20, $"merged logits differ by {MaxDifference(adapted, mergedLogits)}, the adapters' effect is {MaxDifference(adapted, plainLogits)}");
        using (no_grad()) model.named_parameters().Single(p => p.name == "transformer.wte.weight").parameter[3].fill_(7);
        using (var scope = NewDisposeScope())
            Assert.Equal(7, model.named_parameters().Single(p => p.name == "lm_head.weight").parameter[3].mean().to_type(ScalarType.Float32).item<float>()); // the head still reads the embedding's tensor
    }

    [Fact]
    public void AdaptersAreASettingOfTheStagesThatTuneAnAssistant()
    {
        var error = Assert.Throws<GptLabException>(() => (TorchFixture.Tiny with { Model = TorchFixture.Tiny.Model with { LoraRank = 4 } }).Validate());
        Assert.Contains("gptlab sft --lora 4", error.Message);
        var reward = Presets.For(Stage.Reward, "tiny");
        Assert.Contains("stage 'reward' trains every weight", Assert.Throws<GptLabException>(() => (reward with { Train = reward.Train with { LoraRank = 4 } }).Validate()).Message);
        foreach (var stage in new[] { Stage.Sft, Stage.Dpo, Stage.Rl })
        {
            var preset = Presets.For(stage, "tiny");
            _ = (preset with { Train = preset.Train with { LoraRank = 4 } }).Validate(); // taken
        }
        var tooWide = Assert.Throws<GptLabException>(() => (ChatFixture.Config() with { LoraRank = 64 }).Validate());
        Assert.Contains("n_embd=32", tooWide.Message);
        Assert.Contains("lora_rank=-1", Assert.Throws<GptLabException>(() => new TrainConfig { LoraRank = -1 }.Validate()).Message);
        using var model = ChatFixture.NewModel();
        model.AddAdapters(2);
        Assert.Contains("merge them first", Assert.Throws<GptLabException>(() => model.AddAdapters(2)).Message);
    }

    // Adapters as training leaves them: B and the added rows' delta no longer zero, so they change the model's output.
    private static void Randomise(Gpt model)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
            if (name.EndsWith("lora_B", StringComparison.Ordinal) || name.EndsWith("wte_lora.rows", StringComparison.Ordinal)) nn.init.normal_(p, 0, 0.2);
    }

    private static double MaxDifference(Tensor a, Tensor b)
    {
        using var d = (a - b).abs().max();
        return d.item<float>();
    }
}
