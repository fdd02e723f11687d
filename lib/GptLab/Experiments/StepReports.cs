using GptLab.Training;

namespace GptLab.Experiments;

/// <summary>The line an experiment's report hears while one of its models trains: every hundredth step, never more.</summary>
internal static class StepReports
{
    /// <summary>"<paramref name="what"/>: step 300 of 1300" to <paramref name="report"/> at every hundredth step.</summary>
    public static Action<TrainProgress> Every100(Action<string>? report, string what) => p =>
    {
        if (p.Step % 100 == 0) report?.Invoke($"{what}: step {p.Step} of {p.MaxSteps}");
    };
}
