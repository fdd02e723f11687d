using GptLab.Experiments;
using GptLab.Sampling;
using static GptLab.Tests.Experiments.ExperimentModels;

namespace GptLab.Tests.Experiments;

public class SamplingExperimentTests
{
    [Fact]
    public void NextTokensAreSortedAndFollowTheOptions()
    {
        using var model = Peaked();
        var all = SamplingExperiments.NextTokens(model, Chars, Prompt, new SamplingOptions { Temperature = 1 }, top: 65);
        Assert.Equal(65, all.Count);
        Assert.Equal(1.0, all.Sum(t => t.Probability), 5);
        Assert.Equal(all.OrderByDescending(t => t.Probability).Select(t => t.Id), all.Select(t => t.Id));
        Assert.Equal(Enumerable.Range(0, 65), all.Select(t => t.Rank));
        Assert.All(all, t => Assert.Equal(Chars.Decode([t.Id]), t.Text));

        var top3 = SamplingExperiments.NextTokens(model, Chars, Prompt, new SamplingOptions { Temperature = 1, TopK = 3 }, top: 5);
        Assert.Equal(all.Take(3).Select(t => t.Id), top3.Take(3).Select(t => t.Id)); // the same three, renormalised
        Assert.Equal(1.0, top3.Take(3).Sum(t => t.Probability), 5);
        Assert.All(top3.Skip(3), t => Assert.Equal(0.0, t.Probability));

        var greedy = SamplingExperiments.NextTokens(model, Chars, Prompt, new SamplingOptions { Temperature = 0 }, top: 2);
        Assert.Equal((all[0].Id, 1.0, 0.0), (greedy[0].Id, greedy[0].Probability, greedy[1].Probability));
    }

    [Fact]
    public void RepetitionPenaltyLowersTokensOfThePrompt()
    {
        using var model = Peaked();
        var plain = SamplingExperiments.NextTokens(model, Chars, Prompt, new SamplingOptions { Temperature = 1 }, top: 65).ToDictionary(t => t.Id);
        var penalised = SamplingExperiments.NextTokens(model, Chars, Prompt, new SamplingOptions { Temperature = 1, RepetitionPenalty = 3 }, top: 65).ToDictionary(t => t.Id);
        var seen = Chars.Encode(Prompt).Distinct().Where(id => plain[id].Probability > 0.02).ToList(); // likely prompt tokens...
        Assert.NotEmpty(seen);
        Assert.All(seen, id => Assert.True(penalised[id].Probability < plain[id].Probability)); // ...lose probability
    }

    [Fact]
    public void EntropyFallsAsTemperatureGoesToZero()
    {
        using var model = Peaked();
        double[] temperatures = [2.0, 1.5, 1.0, 0.7, 0.5, 0.3, 0.1, 0.0];
        var curve = SamplingExperiments.EntropyByTemperature(model, Chars, Prompt, temperatures);
        Assert.Equal(temperatures, curve.Select(p => p.Temperature));
        for (var i = 1; i < curve.Count; i++)
        {
            Assert.True(curve[i].EntropyNats < curve[i - 1].EntropyNats, string.Join(", ", curve.Select(p => $"T={p.Temperature}: {p.EntropyNats:G4}")));
            Assert.True(curve[i].TopProbability >= curve[i - 1].TopProbability);
        }
        Assert.InRange(curve[0].EntropyNats, 1.0, Math.Log(65));
        Assert.Equal(0.0, curve[^1].EntropyNats);
        Assert.False(double.IsNegative(curve[^1].EntropyNats)); // prints as 0.000, not -0.000
        Assert.Equal(1.0, curve[^1].TopProbability);

        var topK = SamplingExperiments.EntropyByTemperature(model, Chars, Prompt, [100.0], new SamplingOptions { TopK = 4 });
        Assert.Equal(Math.Log(4), topK[0].EntropyNats, 2); // very hot: nearly uniform over the 4 kept tokens
    }

    [Fact]
    public void GenerationsAreTheSamplersTextLabelled()
    {
        using var model = Peaked();
        SamplingOptions greedy = new() { Temperature = 0, MaxNewTokens = 20 };
        SamplingOptions creative = new() { Temperature = 1.2, TopK = 40, TopP = 0.95, RepetitionPenalty = 1.3, MaxNewTokens = 20 };
        var runs = SamplingExperiments.Generations(model, Chars, Prompt, greedy, creative);
        Assert.Equal(["greedy", "temperature 1.2, top-k 40, top-p 0.95, repetition penalty 1.3"], runs.Select(r => r.Label));
        Assert.Equal(new Sampler(model, Chars).Generate(Prompt, greedy), runs[0].Text);
        Assert.Equal(20, runs[0].Text.Length); // 20 characters from the char tokenizer
        Assert.Equal(runs[1].Text, SamplingExperiments.Generations(model, Chars, Prompt, creative)[0].Text); // seeded
        Assert.Same(creative, runs[1].Options);
    }

    [Fact]
    public void SamplingSpeedReportsBothPaths()
    {
        using var model = Small();
        var speed = SamplingSpeed.Measure(model, Chars, newTokens: 24, rounds: 1);
        Assert.Equal((24, 32), (speed.NewTokens, speed.Context));
        Assert.True(speed.TokensPerSecondKv > 0 && speed.TokensPerSecondNoKv > 0);
        Assert.Equal(speed.TokensPerSecondKv / speed.TokensPerSecondNoKv, speed.Speedup, 12);
        Assert.Throws<GptLabException>(() => SamplingSpeed.Measure(model, Chars, newTokens: 0));
    }
}
