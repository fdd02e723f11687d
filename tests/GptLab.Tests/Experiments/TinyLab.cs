using GptLab.Experiments.Lab;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary>Runs a lab experiment in the tiny profile for a test and checks what every result must satisfy.</summary>
internal static class TinyLab
{
    /// <summary>The result of <paramref name="experiment"/>, with its charts present and every measure inside its interval.</summary>
    public static ExperimentResult Run(IExperiment experiment)
    {
        var result = experiment.Run(new ExperimentContext("tiny", 1337, CPU, TestPaths.NewTempFolder(experiment.Name)));
        Assert.Equal(experiment.Name, result.Experiment);
        Assert.NotEmpty(result.Charts);
        foreach (var m in result.Measures.Append(result.Baseline))
            Assert.True(m.Low <= m.Value + 1e-9 && m.Value <= m.High + 1e-9, $"{m.Name}: {m.Value} outside its interval {m.Low} to {m.High}");
        return result;
    }

    public static ExperimentMeasure Measure(ExperimentResult result, string name) => result.Measures.Single(m => m.Name == name);
}
