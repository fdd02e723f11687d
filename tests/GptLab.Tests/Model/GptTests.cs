using GptLab.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Tests.Model;

public class GptTests
{
    [Fact]
    public void ChangingALaterTokenNeverChangesEarlierLogits()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 12));
        model.eval();
        using var noGrad = no_grad();
        var ids = new long[] { 5, 17, 3, 42, 8, 0, 33, 21, 9, 14, 60, 2 };
        using var original = model.forward(TorchFixture.Ids(ids));
        for (var t = 0; t < ids.Length - 1; t++)
        {
            var changed = (long[])ids.Clone();
            changed[t + 1] = (changed[t + 1] + 7) % 65;
            using var logits = model.forward(TorchFixture.Ids(changed));
            var past = original[.., ..(t + 1)];
            Assert.True(past.allclose(logits[.., ..(t + 1)], rtol: 0, atol: 1e-6), $"position ≤ {t} changed when token {t + 1} did");
            Assert.False(original[0, t + 1].allclose(logits[0, t + 1]), $"position {t + 1} must see its own token");
        }
    }

    [Fact]
    public void KvCacheGivesTheSameLogitsAsTheFullForward()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 16));
        model.eval();
        using var noGrad = no_grad();
        var ids = Enumerable.Range(0, 16).Select(i => (long)(i * 11 % 65)).ToArray();
        using var full = model.forward(TorchFixture.Ids(ids)); // (1, 16, V)

        using var cache = model.NewCache();
        var prefill = model.Forward(TorchFixture.Ids(ids[..5]), cache); // a 5-token prompt at once
        Assert.True(prefill.allclose(full[.., ..5], atol: 1e-5));
        var chunk = model.Forward(TorchFixture.Ids(ids[5..8]), cache); // several new tokens after a cached prefix
        Assert.True(chunk.allclose(full[.., 5..8], atol: 1e-5));
        for (var t = 8; t < ids.Length; t++)
        {
            using var step = model.Forward(TorchFixture.Ids(ids[t]), cache); // then one token at a time
            Assert.True(step[0, 0].allclose(full[0, t], atol: 1e-5), $"position {t} differs");
        }
        Assert.Equal(16, cache.Length);
    }

    [Fact]
    public void LastLogitsAndDecodingStepsMatchTheFullForward()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 12));
        model.eval();
        using var noGrad = no_grad();
        var rows = Enumerable.Range(0, 24).Select(i => (long)(i * 7 % 65)).ToArray();
        using var ids = tensor(rows, [2, 12]); // two sequences: the step's (B, C) views must keep them apart
        using var full = model.forward(ids); // (2, 12, V)
        using var last = model.LastLogits(ids, null); // (2, V)
        Assert.True(last.allclose(full[.., -1], atol: 1e-5));

        using var cache = model.NewCache(batch: 2);
        using (var prefill = model.LastLogits(ids[.., ..4], cache)) Assert.True(prefill.allclose(full[.., 3], atol: 1e-5));
        for (var t = 4; t < 12; t++)
        {
            using var step = model.LastLogits(ids[.., t..(t + 1)], cache); // the one-token path
            Assert.True(step.allclose(full[.., t], atol: 1e-5), $"position {t} differs");
        }
        Assert.Equal(12, cache.Length);
        var overflow = Assert.Throws<GptLabException>(() => model.LastLogits(ids[.., ..1], cache));
        Assert.Contains("longer than the model's context", overflow.Message);
    }

    [Fact]
    public void ParameterNamesFollowNanoGptAndTheHeadIsTied()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig());
        var names = model.state_dict().Keys.ToHashSet();
        string[] expected =
        [
            "transformer.wte.weight", "transformer.wpe.weight", "transformer.ln_f.weight", "transformer.ln_f.bias", "lm_head.weight",
            "transformer.h.0.ln_1.weight", "transformer.h.0.ln_1.bias", "transformer.h.0.attn.c_attn.weight", "transformer.h.0.attn.c_attn.bias",
            "transformer.h.0.attn.c_proj.weight", "transformer.h.0.attn.c_proj.bias", "transformer.h.0.ln_2.weight", "transformer.h.0.ln_2.bias",
            "transformer.h.0.mlp.c_fc.weight", "transformer.h.0.mlp.c_fc.bias", "transformer.h.0.mlp.c_proj.weight", "transformer.h.0.mlp.c_proj.bias",
        ];
        foreach (var name in expected) Assert.Contains(name, names);
        Assert.Equal(4 + 2 * 12 + 1, names.Count); // wte, wpe, ln_f ×2, lm_head; 12 per block
        Assert.Equal([96, 32], model.state_dict()["transformer.h.1.attn.c_attn.weight"].shape); // (out, in) like nanoGPT's Linear
        var head = model.state_dict()["lm_head.weight"];
        var embedding = model.state_dict()["transformer.wte.weight"];
        Assert.Equal(head.storage<float>().data_ptr(), embedding.storage<float>().data_ptr()); // one matrix, two names
        Assert.DoesNotContain(model.DistinctParameters(), p => p.Name == "lm_head.weight"); // updated once, not twice
    }

    [Fact]
    public void ParameterCountMatchesTheGpt2Formula()
    {
        var c = TorchFixture.SmallConfig();
        using var model = TorchFixture.NewModel(c);
        long C = c.NEmbd;
        var perBlock = 4 * C + (C * 3 * C + 3 * C) + (C * C + C) + (C * 4 * C + 4 * C) + (4 * C * C + C); // 2 LayerNorms, attn, MLP
        Assert.Equal(c.VocabSize * C + c.BlockSize * C + c.NLayer * perBlock + 2 * C, model.ParameterCount()); // tied head counted once
    }

    [Fact]
    public void ResidualProjectionsStartSmallerAsGpt2Prescribes()
    {
        var c = TorchFixture.SmallConfig() with { NEmbd = 128, NHead = 4, NLayer = 8 };
        using var model = TorchFixture.NewModel(c);
        var state = model.state_dict();
        var cProj = state["transformer.h.0.attn.c_proj.weight"].std().item<float>();
        var cAttn = state["transformer.h.0.attn.c_attn.weight"].std().item<float>();
        Assert.InRange(cAttn, 0.018, 0.022);
        Assert.InRange(cProj, 0.02 / Math.Sqrt(16) * 0.9, 0.02 / Math.Sqrt(16) * 1.1);
        Assert.Equal(0f, state["transformer.h.0.mlp.c_fc.bias"].abs().sum().item<float>());
    }

    [Fact]
    public void Bf16MatmulsStayCloseToFp32AndKeepFp32Weights()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig());
        using var bf16Model = TorchFixture.NewModel(TorchFixture.SmallConfig(), dtype: Precision.BFloat16); // same seed: same weights
        model.eval();
        bf16Model.eval();
        using var noGrad = no_grad();
        var ids = TorchFixture.Ids(1, 2, 3, 4, 5, 6, 7, 8);
        using var fp32 = model.forward(ids);
        using var bf16 = bf16Model.forward(ids);
        Assert.Equal(ScalarType.Float32, bf16.dtype);
        Assert.True(bf16.allclose(fp32, rtol: 0.05, atol: 0.05), "bf16 logits drifted from fp32");
        Assert.False(bf16.allclose(fp32, rtol: 0, atol: 0), "bf16 path was not taken");
        Assert.All(bf16Model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    [Theory]
    [InlineData(0, 4, 64, "vocab_size=0")]
    [InlineData(65, 4, 66, "n_embd=66 must be a positive multiple of n_head=4")]
    [InlineData(65, 0, 64, "n_head=0")]
    public void InvalidConfigNamesTheValue(int vocab, int heads, int embd, string expected)
    {
        var config = new GptConfig { VocabSize = vocab, NHead = heads, NEmbd = embd };
        var e = Assert.Throws<GptLabException>(() => config.Validate());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ASequenceLongerThanTheContextIsRefused()
    {
        using var model = TorchFixture.NewModel(TorchFixture.SmallConfig(blockSize: 4));
        var e = Assert.Throws<GptLabException>(() => model.forward(TorchFixture.Ids(1, 2, 3, 4, 5)));
        Assert.Contains("block_size=4", e.Message);
    }
}
