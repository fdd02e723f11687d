using GptLab.Sampling;

namespace GptLab.Experiments;

/// <summary>Text generated from one prompt under one set of sampling options.</summary>
/// <param name="Label">The options in words, e.g. "temperature 0.8, top-k 50".</param>
/// <param name="Options">The options used.</param>
/// <param name="Text">The generated text, prompt not included.</param>
public sealed record Generation(string Label, SamplingOptions Options, string Text);
