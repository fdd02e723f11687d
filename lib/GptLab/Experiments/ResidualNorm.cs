namespace GptLab.Experiments;

/// <summary>The size of the residual stream at one stage of the forward pass.</summary>
/// <param name="Stage">"embeddings" (token + position, entering block 0), then "block 0", "block 1", …</param>
/// <param name="PerPosition">L2 norm of the C-wide residual vector at each position.</param>
public sealed record ResidualNorm(string Stage, double[] PerPosition)
{
    /// <summary>Mean over positions.</summary>
    public double Mean => PerPosition.Average();
}
