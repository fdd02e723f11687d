namespace GptLab.Experiments;

/// <summary>How one tokenizer splits a word.</summary>
/// <param name="Tokenizer">The tokenizer's name in the comparison.</param>
/// <param name="Pieces">Each token decoded alone, in order (they concatenate to the word); null when it cannot be encoded.</param>
/// <param name="Problem">Null, or why there are no pieces, e.g. "cannot encode 'é'".</param>
public sealed record TokenPieces(string Tokenizer, IReadOnlyList<string>? Pieces, string? Problem);
