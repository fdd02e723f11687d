using GptLab.Experiments;
using static GptLab.Tests.Experiments.ExperimentModels;

namespace GptLab.Tests.Experiments;

public class TransformerExperimentTests
{
    [Fact]
    public void AttentionRowsAreDistributionsOverThePast()
    {
        using var model = Small();
        var maps = AttentionMaps.ForLayer(model, Chars, Prompt, layer: 1);
        Assert.Equal(2, maps.Count);
        foreach (var map in maps)
        {
            var T = Prompt.Length;
            Assert.Equal(T, map.Tokens.Count);
            Assert.Equal(T, map.Weights.Length);
            Assert.Equal("R", map.Tokens[0]);
            for (var i = 0; i < T; i++)
            {
                Assert.Equal(T, map.Weights[i].Length);
                Assert.Equal(1.0, map.Weights[i].Sum(), 5);
                for (var j = i + 1; j < T; j++) Assert.Equal(0f, map.Weights[i][j]); // the causal mask: exactly 0
                Assert.All(map.Weights[i][..(i + 1)], w => Assert.True(w > 0));
            }
            Assert.Equal(1f, map.Weights[0][0]); // the first position can only attend to itself
        }
    }

    [Fact]
    public void ExplicitAttentionIsWhatTheModelComputes()
    {
        using var model = Small();
        model.train(); // dropout is 0 here, but training mode must not leak into the picture, nor be lost
        var map = AttentionMaps.ForHead(model, Chars, Prompt, layer: 0, head: 1);
        Assert.InRange(map.MaxDifferenceFromModel, 0, 1e-5);
        Assert.True(model.training);
        Assert.Equal(map.Weights, AttentionMaps.ForLayer(model, Chars, Prompt, 0)[1].Weights);
        Assert.NotEqual(map.Weights, AttentionMaps.ForHead(model, Chars, Prompt, 0, 0).Weights); // heads differ
    }

    [Fact]
    public void BadLayerOrHeadIsNamed()
    {
        using var model = Small();
        var layer = Assert.Throws<GptLabException>(() => AttentionMaps.ForLayer(model, Chars, Prompt, 2));
        Assert.Contains("has 2 layers, numbered 0 to 1", layer.Message);
        var head = Assert.Throws<GptLabException>(() => AttentionMaps.ForHead(model, Chars, Prompt, 0, -1));
        Assert.Contains("2 heads", head.Message);
    }

    [Fact]
    public void ParameterBreakdownAddsUpToTheModelsCount()
    {
        using var model = Small();
        var c = model.Config;
        long C = c.NEmbd, L = c.NLayer;
        var shares = ParameterBreakdown.Of(model).ToDictionary(s => s.Component);
        Assert.Equal(["token embedding", "position embedding", "attention", "MLP", "LayerNorm"], shares.Keys);
        Assert.Equal(c.VocabSize * C, shares["token embedding"].Count); // the tied lm_head is not counted again
        Assert.Equal(c.BlockSize * C, shares["position embedding"].Count);
        Assert.Equal(L * (C * 3 * C + 3 * C + C * C + C), shares["attention"].Count); // c_attn + c_proj
        Assert.Equal(L * (C * 4 * C + 4 * C + 4 * C * C + C), shares["MLP"].Count); // c_fc + c_proj
        Assert.Equal((2 * L + 1) * 2 * C, shares["LayerNorm"].Count); // ln_1, ln_2 per block and ln_f, weight + bias
        Assert.Equal(model.ParameterCount(), shares.Values.Sum(s => s.Count));
        Assert.Equal(1.0, shares.Values.Sum(s => s.Fraction), 12);
    }

    [Fact]
    public void ChangingATokenOnlyChangesLogitsFromItsPositionOn()
    {
        using var model = Small();
        const int t = 7;
        var result = CausalityProbe.Run(model, Chars, Prompt, t);
        Assert.Equal(Prompt.Length, result.MaxLogitChange.Length);
        Assert.Equal("B", result.Original);
        Assert.Equal("C", result.Replacement); // the next id by default
        for (var i = 0; i < t; i++) Assert.InRange(result.MaxLogitChange[i], 0, 1e-6);
        for (var i = t; i < Prompt.Length; i++) Assert.True(result.MaxLogitChange[i] > 1e-4, $"position {i} did not see the change");

        var chosen = CausalityProbe.Run(model, Chars, Prompt, 0, replacementId: Chars.Encode("Z")[0]);
        Assert.Equal("Z", chosen.Replacement);
        Assert.All(chosen.MaxLogitChange, d => Assert.True(d > 1e-4)); // the first token reaches everything
        Assert.Throws<GptLabException>(() => CausalityProbe.Run(model, Chars, Prompt, Prompt.Length));
    }

    [Fact]
    public void ResidualNormsHaveOneStagePerBlockAfterTheEmbeddings()
    {
        using var model = Small();
        var norms = ResidualStream.Norms(model, Chars, Prompt);
        Assert.Equal(["embeddings", "block 0", "block 1"], norms.Select(n => n.Stage));
        Assert.All(norms, n => Assert.Equal(Prompt.Length, n.PerPosition.Length));
        Assert.All(norms, n => Assert.True(n.Mean > 0));
        // N(0, 0.02) token and position embeddings, 32 wide: the sum's norm is about 0.02·√2·√32 ≈ 0.16.
        Assert.InRange(norms[0].Mean, 0.1, 0.25);
        Assert.NotEqual(norms[0].PerPosition, norms[1].PerPosition); // each block adds to the stream
    }
}
