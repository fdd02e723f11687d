namespace GptLab.Data;

/// <summary>A plain-text training corpus.</summary>
public static class Corpus
{
    /// <summary>Reads a UTF-8 text file; a missing, unreadable or empty file is a <see cref="GptLabException"/>.</summary>
    public static string Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new GptLabException("no corpus given: pass --data path/to/text.txt (the repository ships data/tinyshakespeare/input.txt)");
        if (Directory.Exists(path))
            throw new GptLabException($"corpus '{path}' is a folder: pass a UTF-8 text file, e.g. --data data/tinyshakespeare/input.txt");
        if (!File.Exists(path))
            throw new GptLabException($"corpus not found at '{path}': pass --data with an existing UTF-8 text file (the repository ships data/tinyshakespeare/input.txt)");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GptLabException($"corpus '{path}' cannot be read ({e.Message}): check its permissions");
        }
        if (text.Length == 0)
            throw new GptLabException($"corpus '{path}' is empty: give a text file with at least a few thousand characters");
        return text;
    }

    /// <summary>
    /// Deterministic split by characters: the first (1 - <paramref name="valFraction"/>) is train, the rest
    /// validation (nanoGPT's 90/10 on tiny Shakespeare).
    /// </summary>
    public static (string Train, string Val) Split(string text, double valFraction)
    {
        if (valFraction is <= 0 or >= 1)
            throw new GptLabException($"val_fraction={valFraction} must be between 0 and 1 (exclusive), e.g. 0.1");
        var cut = (int)(text.Length * (1 - valFraction));
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--; // never split a surrogate pair
        return (text[..cut], text[cut..]);
    }
}
