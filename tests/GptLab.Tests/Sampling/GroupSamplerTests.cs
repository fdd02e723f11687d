using GptLab.Evaluation;
using GptLab.Sampling;
using GptLab.Tests.Chat;
using static TorchSharp.torch;

namespace GptLab.Tests.Sampling;

/// <summary>Answers sampled side by side: greedy rows are the one-at-a-time sampler's greedy answer, a seed repeats its draws, rows differ, memory stays flat.</summary>
public class GroupSamplerTests
{
    private static readonly int[] Prompt = ChatFixture.Template.RenderPrompt([GptLab.Data.Tasks.ChatMessage.FromUser("Repeat: red cat")]);

    [Fact]
    public void GreedyRowsAreTheSamplersGreedyAnswer()
    {
        using var model = ChatFixture.NewModel();
        var rows = GroupSampler.Sample(model, Prompt, 3, temperature: 0, maxNewTokens: 10, ChatFixture.Template.IsControl, seed: 1);
        var one = new Sampler(model, ChatFixture.Template.Tokenizer).GenerateIds(Prompt, new SamplingOptions { Temperature = 0, MaxNewTokens = 10 })
            .TakeWhile(id => !ChatFixture.Template.IsControl(id)).ToArray();
        Assert.All(rows, r => Assert.Equal(one, r.TakeWhile(id => !ChatFixture.Template.IsControl(id))));
    }

    [Fact]
    public void ASeedRepeatsItsDrawsAndRowsDiffer()
    {
        using var model = ChatFixture.NewModel();
        int[][] Draw(long seed) => GroupSampler.Sample(model, Prompt, 8, temperature: 1.5, maxNewTokens: 6, _ => false, seed);
        Assert.Equal(Draw(4), Draw(4));
        Assert.NotEqual(Draw(4), Draw(5));
        Assert.True(Draw(4).Select(r => string.Join(",", r)).Distinct().Count() > 1);
        Assert.All(Draw(4), r => Assert.Equal(6, r.Length)); // no stop id: every row runs to the limit
    }

    [Fact]
    public void SamplingLeavesNoTensorBehind()
    {
        using var model = ChatFixture.NewModel();
        _ = SampledAnswer.Group(model, ChatFixture.Template, Prompt, 4, 1.0, 6, seed: 1);
        var before = TorchFixture.SettledTensorCount();
        _ = SampledAnswer.Group(model, ChatFixture.Template, Prompt, 4, 1.0, 6, seed: 2);
        Assert.Equal(before, TorchFixture.SettledTensorCount());
    }
}
