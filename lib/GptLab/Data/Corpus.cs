namespace GptLab.Data;

/// <summary>A plain-text training corpus: one UTF-8 file, or several joined in order (<c>a.txt;b.txt</c>).</summary>
public static class Corpus
{
    /// <summary>Separates the files of a corpus made of several (data.corpus "facts.txt;stories.txt").</summary>
    public const char ListSeparator = ';';

    /// <summary>
    /// Reads one UTF-8 text file, or the files of a <see cref="ListSeparator"/>-separated list concatenated in order
    /// (paths relative to the repository work from any folder in it). A missing, unreadable or empty file is a
    /// <see cref="GptLabException"/>.
    /// </summary>
    public static string Load(string paths)
    {
        if (string.IsNullOrWhiteSpace(paths))
            throw new GptLabException("no corpus given: pass --data path/to/text.txt (the repository ships data/tinyshakespeare/input.txt)");
        return string.Concat(Files(paths).Select(LoadFile));
    }

    /// <summary>The files of a corpus list, each resolved against the repository root when not found as given.</summary>
    public static IReadOnlyList<string> Files(string paths) =>
        [.. paths.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(IO.RepoPaths.Resolve)];

    private static string LoadFile(string path)
    {
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
