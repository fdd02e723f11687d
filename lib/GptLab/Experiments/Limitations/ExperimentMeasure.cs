namespace GptLab.Experiments.Limitations;

/// <summary>One measured number of an experiment with its 95% interval (bootstrap or across seeds), in <paramref name="Unit"/>.</summary>
public sealed record ExperimentMeasure(string Name, double Value, double Low, double High, string Unit);
