namespace GptLab.Experiments;

/// <summary>
/// Two losses a language model should beat, in nats per token (the unit of cross-entropy in the training log).
/// A model that has learned nothing predicts every id equally: ln(V). One that learned only how often each token
/// occurs, ignoring the context, reaches the unigram entropy −Σ p·ln p. Loss below that means the model uses context.
/// </summary>
/// <param name="VocabSize">V, the ids the model chooses among.</param>
/// <param name="Tokens">Tokens counted.</param>
/// <param name="DistinctTokens">Ids that occur at least once.</param>
/// <param name="UniformNats">ln(V): the loss at initialisation (nanoGPT's shakespeare-char starts near ln 65 ≈ 4.17).</param>
/// <param name="UnigramNats">Entropy of the token frequencies: the best loss without context.</param>
public sealed record LossBaselines(int VocabSize, long Tokens, int DistinctTokens, double UniformNats, double UnigramNats)
{
    /// <summary>exp(unigram entropy): how many equally likely tokens that uncertainty is worth.</summary>
    public double UnigramPerplexity => Math.Exp(UnigramNats);

    /// <summary>Both baselines for <paramref name="tokens"/> (e.g. a dataset's train ids) over a vocabulary of <paramref name="vocabSize"/>.</summary>
    public static LossBaselines Of(ReadOnlySpan<int> tokens, int vocabSize)
    {
        if (vocabSize < 1)
            throw new GptLabException($"vocabulary size {vocabSize} must be positive: pass the tokenizer's VocabSize");
        if (tokens.IsEmpty)
            throw new GptLabException("there are no tokens to count: pass the encoded corpus, e.g. a dataset's Train ids");
        var counts = new long[vocabSize];
        foreach (var id in tokens)
        {
            if ((uint)id >= (uint)vocabSize)
                throw new GptLabException($"token id {id} is outside the vocabulary (0..{vocabSize - 1}): pass the VocabSize of the tokenizer that made the ids");
            counts[id]++;
        }
        double n = tokens.Length, entropy = 0;
        foreach (var c in counts)
            if (c > 0) entropy -= c / n * Math.Log(c / n); // 0·ln 0 = 0: absent ids add nothing
        return new LossBaselines(vocabSize, tokens.Length, counts.Count(c => c > 0), Math.Log(vocabSize), entropy);
    }
}
