using GptLab.Experiments;
using GptLab.Sampling;
using static GptLab.Tests.Experiments.ExperimentModels;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>The experiment APIs return .NET data and leave no live tensors behind.</summary>
public class ExperimentMemoryTests
{
    public static TheoryData<string> Apis => ["attention", "parameters", "causality", "residual", "next tokens", "entropy", "generations", "speed", "probabilities", "completions"];

    [Theory]
    [MemberData(nameof(Apis))]
    public void NoLiveTensorGrowth(string api)
    {
        using var model = Peaked();
        var sampling = new SamplingOptions { Temperature = 0.9, TopK = 10, TopP = 0.9, RepetitionPenalty = 1.2, MaxNewTokens = 8 };
        Action call = api switch
        {
            "attention" => () => AttentionMaps.ForLayer(model, Chars, Prompt, 1),
            "parameters" => () => ParameterBreakdown.Of(model),
            "causality" => () => CausalityProbe.Run(model, Chars, Prompt, 3),
            "residual" => () => ResidualStream.Norms(model, Chars, Prompt),
            "next tokens" => () => SamplingExperiments.NextTokens(model, Chars, Prompt, sampling),
            "entropy" => () => SamplingExperiments.EntropyByTemperature(model, Chars, Prompt, [0, 0.5, 1]),
            "generations" => () => SamplingExperiments.Generations(model, Chars, Prompt, sampling, sampling with { UseKvCache = false }),
            "speed" => () => SamplingSpeed.Measure(model, Chars, 8, rounds: 1),
            "completions" => () => GptLab.Evaluation.CompletionScorer.PreferRight(model, Chars, [new GptLab.Data.Tasks.ChoiceQuestion(Prompt, " Romeo", " Juliet")]),
            "probabilities" => () => { using var logits = randn(65); using var p = TokenPicker.Probabilities(logits, sampling, [1, 2]); },
            _ => throw new ArgumentOutOfRangeException(nameof(api)),
        };
        call(); // the first call may create lasting things (e.g. TorchSharp's cached wrappers)
        var before = TorchFixture.SettledTensorCount();
        for (var i = 0; i < 3; i++) call();
        Assert.Equal(before, Tensor.TotalCount);
    }
}
