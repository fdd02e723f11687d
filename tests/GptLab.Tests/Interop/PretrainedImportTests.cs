using GptLab.IO;
using System.Text.Json.Nodes;
using GptLab.Interop;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Tests.Interop;

public class PretrainedImportTests
{
    private static readonly Device Cpu = TorchRuntime.ResolveDevice("cpu");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnImportedGpt2GivesTheLogitsOfGpt2sForwardPassWrittenOut(bool prefixed)
    {
        var root = TestPaths.NewTempFolder("import");
        var source = new Gpt2Folder(Path.Combine(root, "hf"), prefixed: prefixed);
        var run = Path.Combine(root, "run");
        PretrainedImport.Gpt2(source.Folder, run);

        using var checkpoint = Checkpoint.Load(run, Cpu);
        Assert.Equal("base", checkpoint.Meta.Config.Stage);
        Assert.Equal(Path.GetFullPath(source.Folder), checkpoint.Meta.Config.Parent);
        Assert.Equal(GptConfig.GeluTanh, checkpoint.Model.Config.Activation);
        Assert.Equal((2, 2, 16, 32), (checkpoint.Model.Config.NLayer, checkpoint.Model.Config.NHead, checkpoint.Model.Config.NEmbd, checkpoint.Model.Config.BlockSize));
        long[] ids = [.. checkpoint.Tokenizer.Encode("the cat sat on the mat.").Select(i => (long)i)];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var expected = source.Logits(ids);
        var actual = checkpoint.Model.forward(tensor(ids).unsqueeze(0))[0];
        var error = (actual - expected).abs().max().item<float>();
        Assert.True(error < 1e-5, $"largest logit difference {error:E2}");
        // The exact GELU would not match: the import must have chosen GPT-2's tanh approximation.
        using var exact = new Gpt(checkpoint.Model.Config with { Activation = GptConfig.Gelu });
        exact.load_state_dict(checkpoint.Model.state_dict());
        Assert.True((exact.forward(tensor(ids).unsqueeze(0))[0] - expected).abs().max().item<float>() > 1e-5);
    }

    [Fact]
    public void AFolderGptLabCannotImportIsOneLineAndWritesNothing()
    {
        var root = TestPaths.NewTempFolder("import-bad");
        var run = Path.Combine(root, "run");
        void Refused(string folder, string expected)
        {
            var e = Assert.Throws<GptLabException>(() => PretrainedImport.Gpt2(folder, run));
            Assert.DoesNotContain('\n', e.Message);
            Assert.Contains(expected, e.Message);
            Assert.False(Directory.Exists(run), $"a refused import ({expected}) left {run}");
        }
        Refused(Path.Combine(root, "nowhere"), "no such folder");

        var noConfig = new Gpt2Folder(Path.Combine(root, "no-config")).Folder;
        File.Delete(Path.Combine(noConfig, "config.json"));
        Refused(noConfig, "no config.json");

        var pickle = new Gpt2Folder(Path.Combine(root, "pickle")).Folder;
        File.Move(Path.Combine(pickle, "model.safetensors"), Path.Combine(pickle, "pytorch_model.bin"));
        Refused(pickle, "download model.safetensors");

        Refused(WithConfig(root, "llama", c => c["model_type"] = "llama"), "model_type is \"llama\"");
        Refused(WithConfig(root, "inner", c => c["n_inner"] = 100), "n_inner=100");
        Refused(WithConfig(root, "untied", c => c["tie_word_embeddings"] = false), "tie_word_embeddings");
        Refused(WithConfig(root, "relu", c => c["activation_function"] = "relu"), "activation_function \"relu\"");
        Refused(WithConfig(root, "wider", c => c["n_embd"] = 32), "has shape [");
        Refused(WithConfig(root, "deeper", c => c["n_layer"] = 3), "no tensor \"h.2.");
        Refused(WithConfig(root, "heads", c => c["n_head"] = 5), "n_embd=16 is not a positive multiple of n_head=5");
        // Sizes are named by GPT-2's own field, never by GptLab's flags (import has none); a value of the wrong kind likewise.
        Refused(WithConfig(root, "no-positions", c => c["n_positions"] = 0), "\"n_positions\" is 0, and a GPT-2 needs at least 1");
        Refused(WithConfig(root, "no-heads", c => c["n_head"] = -2), "\"n_head\" is -2");
        Refused(WithConfig(root, "inner-text", c => c["n_inner"] = "wide"), "\"n_inner\" is missing or not a whole number");
        Refused(WithConfig(root, "activation-number", c => c["activation_function"] = 3), "\"activation_function\" is missing or not a string");
        Refused(WithConfig(root, "epsilon-text", c => c["layer_norm_epsilon"] = "small"), "layer_norm_epsilon");

        // Every tensor once: a file holding "wte.weight" and "transformer.wte.weight" with other values has no one GPT-2.
        var twice = new Gpt2Folder(Path.Combine(root, "twice"));
        Safetensors.SaveStateDict(Path.Combine(twice.Folder, "model.safetensors"),
            new Dictionary<string, Tensor>(twice.Weights) { ["transformer.wte.weight"] = twice.Weights["wte.weight"] + 1 });
        Refused(twice.Folder, "holds \"wte.weight\" twice, with and without the \"transformer.\" prefix");

        var truncated = new Gpt2Folder(Path.Combine(root, "truncated")).Folder;
        var bytes = File.ReadAllBytes(Path.Combine(truncated, "model.safetensors"));
        File.WriteAllBytes(Path.Combine(truncated, "model.safetensors"), bytes[..(bytes.Length / 2)]);
        Refused(truncated, "truncated");

        var noTokenizer = new Gpt2Folder(Path.Combine(root, "no-tokenizer")).Folder;
        File.Delete(Path.Combine(noTokenizer, CheckpointExport.TokenizerFile));
        Refused(noTokenizer, "not GPT-2's 50,257");

        // An existing run is never overwritten.
        var good = new Gpt2Folder(Path.Combine(root, "good")).Folder;
        PretrainedImport.Gpt2(good, run);
        var before = File.ReadAllBytes(Path.Combine(run, "checkpoint", RunFiles.Model));
        var again = Assert.Throws<GptLabException>(() => PretrainedImport.Gpt2(good, run));
        Assert.Contains("already holds a checkpoint", again.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(run, "checkpoint", RunFiles.Model)));
    }

    [Fact]
    public void ANanoGptFileWithCausalMaskBuffersImportsAndOneThatDoesNotFitNamesItsTensors()
    {
        var root = TestPaths.NewTempFolder("import-nanogpt");
        var original = Path.Combine(root, "original");
        PretrainedImport.Gpt2(new Gpt2Folder(Path.Combine(root, "hf")).Folder, original);
        // A nanoGPT export of that run, its safetensors edited as another program might have saved it.
        string Export(string name, Action<Dictionary<string, Tensor>> edit)
        {
            var folder = Path.Combine(root, name);
            using (var checkpoint = Checkpoint.Load(original, Cpu)) CheckpointExport.Write(checkpoint, CheckpointExport.NanoGptFormat, folder);
            using var scope = NewDisposeScope();
            var file = Path.Combine(folder, RunFiles.Model);
            var weights = SafetensorsFiles.Read(file);
            edit(weights);
            File.Delete(file);
            SafetensorsFiles.Write(file, weights);
            return folder;
        }

        // nanoGPT on a PyTorch without flash attention (before 2.0) saves each block's causal mask as "attn.bias".
        var masked = Export("masked", w =>
        {
            for (var i = 0; i < 2; i++) w[$"transformer.h.{i}.attn.bias"] = ones(32, 32).tril().view(1, 1, 32, 32);
        });
        var back = Path.Combine(root, "back");
        PretrainedImport.NanoGpt(masked, back);
        using (var before = Checkpoint.Load(original, Cpu))
        using (var after = Checkpoint.Load(back, Cpu))
        {
            var weights = after.Model.state_dict();
            foreach (var (name, tensor) in before.Model.state_dict()) Assert.True(tensor.equal(weights[name]).all().item<bool>(), name);
        }

        void Refused(string folder, params string[] expected)
        {
            var run = Path.Combine(root, "refused");
            var e = Assert.Throws<GptLabException>(() => PretrainedImport.NanoGpt(folder, run));
            Assert.DoesNotContain('\n', e.Message);
            Assert.All(expected, x => Assert.Contains(x, e.Message));
            Assert.False(Directory.Exists(run));
        }
        Refused(Export("missing", w => w.Remove("transformer.h.1.mlp.c_fc.weight")), "lacks \"transformer.h.1.mlp.c_fc.weight\"");
        Refused(Export("extra", w => w["transformer.h.0.attn.rotary.weight"] = zeros(4)), "holds \"transformer.h.0.attn.rotary.weight\"");
        Refused(Export("misshapen", w => w["transformer.wpe.weight"] = zeros(16, 16)), "transformer.wpe.weight [16, 16], the model's [32, 16]");
    }

    // A good folder whose config.json is then changed by edit.
    private static string WithConfig(string root, string name, Action<JsonObject> edit)
    {
        var source = new Gpt2Folder(Path.Combine(root, name));
        var config = source.Config();
        edit(config);
        File.WriteAllText(Path.Combine(source.Folder, "config.json"), config.ToJsonString());
        return source.Folder;
    }
}
