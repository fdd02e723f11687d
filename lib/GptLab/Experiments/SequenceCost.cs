namespace GptLab.Experiments;

/// <summary>
/// What one tokenizer's sequence length costs for a fixed text. Attention compares every position with every
/// earlier one, so its work grows with T²; a larger vocabulary shortens T but enlarges the embedding table.
/// </summary>
/// <param name="Tokenizer">The tokenizer's name in the comparison.</param>
/// <param name="VocabSize">The tokenizer's vocabulary size.</param>
/// <param name="Tokens">T: tokens the text needs.</param>
/// <param name="AttentionScores">T², the query·key products per head and layer (half are masked, the work is still T²).</param>
/// <param name="RelativeAttentionCost">AttentionScores ÷ the smallest among the tokenizers compared (1 for the shortest).</param>
/// <param name="CharactersPerContext">Characters of such text that fit in a context of the given block size.</param>
/// <param name="EmbeddingParameters">V × n_embd: the token embedding (and tied LM head) at the given width.</param>
public sealed record SequenceCost(
    string Tokenizer, int VocabSize, int Tokens, long AttentionScores, double RelativeAttentionCost,
    double CharactersPerContext, long EmbeddingParameters);
