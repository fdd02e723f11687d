namespace GptLab.Tokenization;

/// <summary>
/// Text ↔ token ids. Implementations: <see cref="CharTokenizer"/> (vocabulary from the corpus),
/// <see cref="BpeTokenizer"/> (byte-level BPE trained by GptLab, encoded by Microsoft.ML.Tokenizers) and
/// <see cref="Gpt2Tokenizer"/> (GPT-2's tiktoken vocabulary, offline). Load any saved one with <see cref="TokenizerFile"/>.
/// </summary>
public interface ITokenizer
{
    /// <summary>"char", "bpe" or "gpt2": the value stored in a checkpoint's config.json.</summary>
    string Kind { get; }

    /// <summary>Number of ids, special tokens included; the model's embedding has this many rows.</summary>
    int VocabSize { get; }

    /// <summary>Special tokens (name → id), e.g. <c>&lt;|endoftext|&gt;</c>; empty when there are none.</summary>
    IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>Encodes text; throws <see cref="GptLabException"/> naming the first character it cannot encode and its position.</summary>
    int[] Encode(string text);

    /// <summary>Decodes ids; Decode(Encode(s)) == s for every text Encode accepts.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>Writes the tokenizer to one file that <see cref="TokenizerFile.Load"/> reads back.</summary>
    void Save(string path);
}
