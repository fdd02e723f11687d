using System.Security.Cryptography;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.IO;
using GptLab.Tokenization;

namespace GptLab.Data;

/// <summary>
/// A prepared dataset folder: <c>train.bin</c>, <c>val.bin</c>, <c>tokenizer.json</c> and <c>meta.json</c>.
/// The corpus is encoded once; later runs with the same corpus and tokenizer settings reuse the files.
/// </summary>
public sealed class TokenDataset
{
    private TokenDataset(string folder, DatasetMeta meta, ITokenizer tokenizer, int[] train, int[] val)
    {
        Folder = folder;
        Meta = meta;
        Tokenizer = tokenizer;
        Train = train;
        Val = val;
    }

    public string Folder { get; }

    public DatasetMeta Meta { get; }

    public ITokenizer Tokenizer { get; }

    public int[] Train { get; }

    public int[] Val { get; }

    /// <summary>
    /// Encodes <paramref name="corpusPath"/> (a file or a <see cref="Corpus.ListSeparator"/>-separated list) into
    /// <paramref name="folder"/> unless the folder already holds the same corpus (by SHA-256) prepared with the same
    /// tokenizer settings. A BPE tokenizer reserves ids for <paramref name="specialTokens"/> (chat roles, end of text).
    /// </summary>
    public static TokenDataset Prepare(string corpusPath, string tokenizerKind, int bpeVocabSize, double valFraction, string folder, IReadOnlyList<string>? specialTokens = null) =>
        Prepare(new DataConfig { Corpus = corpusPath, Tokenizer = tokenizerKind, BpeVocabSize = bpeVocabSize, ValFraction = valFraction, SpecialTokens = specialTokens ?? [] }, folder);

    /// <summary>
    /// Encodes <paramref name="corpusPath"/> with a tokenizer that already exists (a checkpoint's, to train it further on
    /// another text, or one built for several texts at once) into <paramref name="folder"/>, replacing what it held. A text
    /// the tokenizer cannot encode fails with the tokenizer's one-line error and leaves the folder as it was.
    /// </summary>
    public static TokenDataset Prepare(string corpusPath, ITokenizer tokenizer, double valFraction, string folder)
    {
        var text = Corpus.Load(corpusPath);
        AtomicFolder.Recover(folder, RunFiles.DataMeta); // what an interrupted prepare left
        return Write(folder, corpusPath, text, Sha256(text), tokenizer, valFraction, null, []);
    }

    /// <summary>
    /// Prepares the corpus, tokenizer and split a run's data settings name, unless the folder already holds the same
    /// corpus (by SHA-256) prepared with the same settings. When the settings mix instructions in, <paramref name="mixedIn"/>
    /// encodes them with the new tokenizer (trained on the text alone) and they follow the text's training tokens; a
    /// folder is then reused only when its mixed-in tokens are the ones <paramref name="mixedIn"/> gives now (the same
    /// settings make other conversations once the instruction families change).
    /// </summary>
    public static TokenDataset Prepare(DataConfig data, string folder, Func<ITokenizer, int[]>? mixedIn = null)
    {
        if ((data.Instructions is null) != (mixedIn is null))
            throw new ArgumentException("instructions to mix in need a function that encodes them, and only they do", nameof(mixedIn));
        var text = Corpus.Load(data.Corpus);
        var sha = Sha256(text);
        AtomicFolder.Recover(folder, RunFiles.DataMeta); // what an interrupted prepare left
        var metaPath = Path.Combine(folder, RunFiles.DataMeta);
        if (File.Exists(metaPath) && TryReadMeta(metaPath) is { } old && old.CorpusSha256 == sha
            && old.Tokenizer == data.Tokenizer && old.ValFraction == data.ValFraction && old.Instructions == data.Instructions
            && (data.Tokenizer != Tokenizers.Bpe || (old.VocabSize == data.BpeVocabSize && old.SpecialTokens.SequenceEqual(data.SpecialTokens))))
        {
            var saved = Open(folder);
            if (mixedIn is null) return saved;
            // The same text and settings give the same tokenizer; the conversations may differ (the families' code changed).
            var mixed = mixedIn(saved.Tokenizer);
            return saved.Train.AsSpan(saved.Train.Length - old.InstructionTokens).SequenceEqual(mixed)
                ? saved
                : Write(folder, data.Corpus, text, sha, saved.Tokenizer, data.ValFraction, data.Instructions, mixed);
        }

        var tokenizer = Tokenizers.Create(data.Tokenizer, text, data.BpeVocabSize, data.SpecialTokens);
        return Write(folder, data.Corpus, text, sha, tokenizer, data.ValFraction, data.Instructions, mixedIn?.Invoke(tokenizer) ?? []);
    }

    /// <summary>Opens a folder written by <see cref="Prepare(string, string, int, double, string, IReadOnlyList{string})"/> (or by nanoGPT's prepare.py plus a tokenizer.json and meta.json).</summary>
    public static TokenDataset Open(string folder)
    {
        folder = AtomicFolder.Find(folder, RunFiles.DataMeta) ?? folder; // a crash mid-swap leaves the complete copy in .previous
        var meta = Json.ReadFile<DatasetMeta>(Path.Combine(folder, RunFiles.DataMeta), "`gptlab prepare`");
        var tokenizer = TokenizerFile.Load(Path.Combine(folder, RunFiles.Tokenizer));
        if (tokenizer.VocabSize != meta.VocabSize)
            throw new GptLabException($"'{folder}': tokenizer has {tokenizer.VocabSize} ids but meta.json says {meta.VocabSize}: run `gptlab prepare` again");
        var train = TokenFile.Read(Path.Combine(folder, RunFiles.TrainTokens), meta.VocabSize);
        var val = TokenFile.Read(Path.Combine(folder, RunFiles.ValTokens), meta.VocabSize);
        return new TokenDataset(folder, meta, tokenizer, train, val);
    }

    private static TokenDataset Write(string folder, string corpusPath, string text, string sha, ITokenizer tokenizer, double valFraction,
        InstructionMixConfig? instructions, int[] instructionTokens)
    {
        var (trainText, valText) = Corpus.Split(text, valFraction);
        int[] train = [.. tokenizer.Encode(trainText), .. instructionTokens];
        var val = tokenizer.Encode(valText);
        // Tokenizer, token files and meta.json are replaced as one unit: written in full beside the folder, meta.json
        // last (the seal), then swapped in, so no crash ever pairs one corpus's meta.json with another's tokens.
        var meta = new DatasetMeta
        {
            Corpus = string.Join(Corpus.ListSeparator, Corpus.Files(corpusPath).Select(Path.GetFullPath)),
            CorpusSha256 = sha,
            Tokenizer = tokenizer.Kind,
            VocabSize = tokenizer.VocabSize,
            SpecialTokens = [.. tokenizer.SpecialTokens.OrderBy(kv => kv.Value).Select(kv => kv.Key)],
            ValFraction = valFraction,
            TrainTokens = train.Length,
            ValTokens = val.Length,
            Dtype = TokenFile.BytesPerToken(tokenizer.VocabSize) == 2 ? "uint16" : "uint32",
            Instructions = instructions,
            InstructionTokens = instructionTokens.Length,
        };
        AtomicFolder.Write(folder, RunFiles.DataMeta, staging =>
        {
            tokenizer.Save(Path.Combine(staging, RunFiles.Tokenizer));
            TokenFile.Write(Path.Combine(staging, RunFiles.TrainTokens), train, tokenizer.VocabSize);
            TokenFile.Write(Path.Combine(staging, RunFiles.ValTokens), val, tokenizer.VocabSize);
            AtomicFile.WriteAllText(Path.Combine(staging, RunFiles.DataMeta), JsonSerializer.Serialize(meta, Json.Options)); // written last: marks the folder complete
        });
        return new TokenDataset(folder, meta, tokenizer, train, val);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static DatasetMeta? TryReadMeta(string path)
    {
        try { return Json.ReadFile<DatasetMeta>(path, "`gptlab prepare`"); }
        catch (GptLabException) { return null; } // unreadable old meta: prepare again
    }
}
