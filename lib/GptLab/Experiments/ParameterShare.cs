namespace GptLab.Experiments;

/// <summary>One component's share of a model's distinct parameters.</summary>
/// <param name="Component">"token embedding", "position embedding", "attention", "MLP" or "LayerNorm".</param>
/// <param name="Count">Parameters in it, biases included.</param>
/// <param name="Fraction">Count ÷ the model's total (0–1).</param>
public sealed record ParameterShare(string Component, long Count, double Fraction);
