namespace GptLab.Experiments;

/// <summary>How spread out the next-token distribution is at one temperature.</summary>
/// <param name="Temperature">0 is greedy.</param>
/// <param name="EntropyNats">−Σ p·ln p of the distribution sampled from: 0 when one token is certain, ln(V) when all are equally likely.</param>
/// <param name="TopProbability">Probability of the most likely token.</param>
public sealed record TemperatureEntropy(double Temperature, double EntropyNats, double TopProbability);
