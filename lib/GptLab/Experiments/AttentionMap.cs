namespace GptLab.Experiments;

/// <summary>
/// The attention weights of one head on a prompt: <c>Weights[i][j]</c> is how much position i takes from
/// position j (each row sums to 1; j &gt; i is always 0, the causal mask). nanoGPT's equivalent is <c>att</c>
/// after <c>F.softmax</c> in its non-flash CausalSelfAttention path.
/// </summary>
/// <param name="Layer">Block index, from 0.</param>
/// <param name="Head">Head index within the layer, from 0.</param>
/// <param name="Tokens">The prompt's tokens, each decoded alone: the labels of both axes.</param>
/// <param name="Weights">(T × T) rows of probabilities.</param>
/// <param name="MaxDifferenceFromModel">
/// Largest absolute difference between the layer's output recomputed from these weights and the model's own
/// scaled_dot_product_attention output: about 1e-6 shows the picture is the computation the model does.
/// </param>
public sealed record AttentionMap(int Layer, int Head, IReadOnlyList<string> Tokens, float[][] Weights, double MaxDifferenceFromModel);
