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
        return string.Concat(Files(paths).Select(path => LoadFile(path)));
    }

    /// <summary>The files of a corpus list, each resolved against the repository root when not found as given.</summary>
    public static IReadOnlyList<string> Files(string paths) =>
        [.. paths.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(IO.RepoPaths.Resolve)];

    /// <summary>
    /// One UTF-8 text file, checked as <see cref="Load"/> checks each: a missing file, a folder, binary data, bytes that
    /// are not UTF-8 and an empty file are one-line errors. <paramref name="option"/> is what the user passes it with
    /// (for the messages; null for a plain argument).
    /// </summary>
    public static string LoadFile(string path, string? option = "--data")
    {
        var pass = option is null ? "pass" : $"pass {option} with";
        if (Directory.Exists(path))
            throw new GptLabException($"corpus '{path}' is a folder: {pass} a UTF-8 text file, e.g. data/tinyshakespeare/input.txt");
        if (!File.Exists(path))
            throw new GptLabException($"corpus not found at '{path}': {pass} an existing UTF-8 text file (the repository ships data/tinyshakespeare/input.txt)");
        byte[] bytes;
        try
        {
            bytes = IO.InputFile.ReadAllBytes(path, IO.InputFile.MaxCorpusBytes, $"corpus '{path}'",
                "give a UTF-8 text file with at least a few thousand characters (split a larger corpus, or train on a part of it)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GptLabException($"corpus '{path}' cannot be read ({e.Message}): check its permissions");
        }
        var text = Text(path, bytes);
        if (text.Length == 0)
            throw new GptLabException($"corpus '{path}' is empty: give a text file with at least a few thousand characters");
        return text;
    }

    // The file as text, or a one-line error when it is not: binary data (NUL bytes, control characters), or bytes
    // that are not UTF-8 (named by offset, so the user can find them).
    private static string Text(string path, byte[] bytes)
    {
        ReadOnlySpan<byte> body = bytes;
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body[3..]; // a UTF-8 byte-order mark is not text
        var controls = 0;
        foreach (var b in body)
            if (b == 0 || (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C)) controls++;
        if (controls > 0 && (body.Contains((byte)0) || controls > body.Length / 100))
            throw new GptLabException($"corpus '{path}' is not text ({controls:N0} NUL or control bytes in {body.Length:N0}): pass a UTF-8 text file");
        var chars = new char[body.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
            throw new GptLabException($"corpus '{path}' is not valid UTF-8 (byte 0x{body[read]:X2} at offset {read + (bytes.Length - body.Length):N0}): convert it to UTF-8 (e.g. iconv -t UTF-8) or pass another file");
        return new string(chars, 0, written);
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
