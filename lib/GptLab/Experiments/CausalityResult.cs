namespace GptLab.Experiments;

/// <summary>
/// What changing one token of a prompt does to the logits: <c>MaxLogitChange[i]</c> is the largest absolute
/// change of position i's logits. Causal attention makes it exactly 0 before <see cref="Position"/>.
/// </summary>
/// <param name="Tokens">The original prompt's tokens, each decoded alone.</param>
/// <param name="Position">The position whose token was replaced.</param>
/// <param name="Original">The token there before, decoded.</param>
/// <param name="Replacement">The token put in its place, decoded.</param>
/// <param name="MaxLogitChange">One value per position.</param>
public sealed record CausalityResult(IReadOnlyList<string> Tokens, int Position, string Original, string Replacement, double[] MaxLogitChange);
