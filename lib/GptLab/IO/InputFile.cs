namespace GptLab.IO;

/// <summary>
/// A file the user names (a corpus, a text to score, a config, a labelled set), read whole only when it is a regular
/// file of a bounded size. A pipe or a device reports no length: /dev/zero read to its end grows without limit and a
/// FIFO blocks its reader until someone writes, so both are refused before the file is opened, as a runaway file is
/// refused before its first byte fills memory.
/// </summary>
public static class InputFile
{
    /// <summary>The most a corpus may hold: one .NET string, whose characters the text becomes, holds about a billion.</summary>
    public const long MaxCorpusBytes = 1L << 30;

    /// <summary>The most a config or other JSON settings file may hold: the largest real one is a few kilobytes.</summary>
    public const long MaxSettingsBytes = 1 << 20;

    /// <summary>
    /// The bytes of <paramref name="path"/>, or a one-line <see cref="GptLabException"/>: empty or not a regular file,
    /// more than <paramref name="maxBytes"/>, changed in size while read. <paramref name="what"/> names the file in
    /// messages ("corpus 'x.txt'"), <paramref name="fix"/> says what to pass instead.
    /// </summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what, string fix)
    {
        var length = Length(path);
        if (length == 0)
            throw new GptLabException($"{what} is empty, or not a regular file (a pipe or a device such as /dev/zero has no length to read): {fix}");
        if (length > maxBytes)
            throw new GptLabException($"{what} holds {length:N0} bytes, more than the {maxBytes:N0} it may: {fix}");
        var bytes = new byte[length];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan))
        {
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read != bytes.Length || stream.ReadByte() != -1)
                throw new GptLabException($"{what} changed size while it was read: pass a file nothing is writing to");
        }
        return bytes;
    }

    /// <summary>The UTF-8 text of <paramref name="path"/>, checked as <see cref="ReadAllBytes"/> checks it.</summary>
    public static string ReadAllText(string path, long maxBytes, string what, string fix) =>
        System.Text.Encoding.UTF8.GetString(ReadAllBytes(path, maxBytes, what, fix));

    // The length of the file a path (or the symbolic links it starts) ends at: 0 for anything that is not a regular file.
    private static long Length(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) info = target;
        return info.Exists ? info.Length : 0;
    }
}
