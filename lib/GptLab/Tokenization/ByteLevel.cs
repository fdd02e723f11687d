using System.Text.RegularExpressions;

namespace GptLab.Tokenization;

/// <summary>
/// The byte-level conventions GPT-2 introduced, shared by <see cref="BpeTrainer"/> and <see cref="BpeTokenizer"/>:
/// the pre-tokenization regex and the map from bytes to printable characters (bytes_to_unicode), which lets
/// a vocabulary of byte strings be written as ordinary text and loaded by Microsoft.ML.Tokenizers.
/// </summary>
internal static partial class ByteLevel
{
    /// <summary>GPT-2's split: contractions, letter runs, digit runs, other symbol runs, each with one optional
    /// leading space; whitespace runs keep their last space for the following word.</summary>
    public const string Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>The printable character standing for each byte value (index = byte).</summary>
    public static readonly char[] ByteToChar = BuildByteToChar();

    /// <summary>Splits text into pre-tokens; BPE merges never cross their boundaries.</summary>
    [GeneratedRegex(Pattern)]
    public static partial Regex PreTokenizer();

    // Printable Latin-1 bytes stand for themselves; the other 68 (controls, space, soft hyphen, ...) are
    // shifted to 256, 257, ... in byte order, so that every byte is one visible, non-space character.
    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int shifted = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)(256 + shifted++);
        }
        return map;
    }
}
