using System.Text.Json.Serialization;
using Plotly.NET;

namespace GptLab.Experiments.Lab;

/// <summary>
/// What an experiment found, as <c>gptlab experiment --json</c> prints it and <c>runs/experiments/&lt;name&gt;/result.json</c>
/// keeps it: the effect (with intervals), the baseline it is measured against, and how the held-out data was kept apart.
/// </summary>
public sealed record ExperimentResult
{
    public required string Experiment { get; init; }
    public required string Profile { get; init; }
    public required long Seed { get; init; }

    /// <summary>The profile's sizes multiplied by this (<see cref="ExperimentContext.Scale"/>); 1 for the profile itself.</summary>
    public int Scale { get; init; } = 1;

    /// <summary>What the effect measures, in one sentence.</summary>
    public required string Effect { get; init; }

    /// <summary>The effect's numbers, each with its interval.</summary>
    public required IReadOnlyList<ExperimentMeasure> Measures { get; init; }

    /// <summary>The condition or chance level the effect is measured against, and its value.</summary>
    public required ExperimentMeasure Baseline { get; init; }

    /// <summary>How the held-out data was kept apart from the training data.</summary>
    public required string HeldOut { get; init; }

    public double ElapsedS { get; init; }

    /// <summary>Where the numbers came from: commit, settings hash, seeds, machine, command (set by whoever runs the experiment).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Provenance? Provenance { get; init; }

    /// <summary>The charts to show (notebook) or write next to result.json (CLI), by file name.</summary>
    [JsonIgnore]
    public IReadOnlyList<(string Name, GenericChart Chart)> Charts { get; init; } = [];

    /// <summary>The measure called <paramref name="name"/> (the notebooks' self-checks read them by name).</summary>
    public ExperimentMeasure Measure(string name) => Measures.SingleOrDefault(m => m.Name == name)
        ?? throw new GptLabException($"{Experiment} has no measure '{name}': use one of {string.Join(", ", Measures.Select(m => $"'{m.Name}'"))}");

    /// <summary>Every measure and the baseline lie inside their own intervals (1e-9 allowed for rounding).</summary>
    public bool EveryMeasureIsInsideItsInterval() => Measures.Append(Baseline).All(m => m.Low <= m.Value + 1e-9 && m.Value <= m.High + 1e-9);
}
