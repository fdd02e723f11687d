namespace GptLab.Experiments.Lab;

/// <summary>
/// One experiment of the limitations lab (<c>gptlab experiment &lt;name&gt;</c>, notebook 07): a controlled setup whose
/// effect is measured with an uncertainty and against a baseline. Deterministic for a seed.
/// </summary>
public interface IExperiment
{
    /// <summary>The name on the command line, e.g. "distributional-shift".</summary>
    string Name { get; }

    /// <summary>One line for <c>gptlab experiment --list</c>.</summary>
    string Summary { get; }

    /// <summary>Whether <see cref="ExperimentContext.Scale"/> changes its sizes (<c>gptlab experiment --scale</c>).</summary>
    bool Scales => false;

    ExperimentResult Run(ExperimentContext context);
}
