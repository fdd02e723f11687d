using System.Text;

namespace GptLab.Tests.Tokenization;

/// <summary>Seeded random strings that mix the text tokenizers find hardest.</summary>
internal static class RandomText
{
    private static readonly string[] Whitespace = [" ", "\t", "\n", "\r\n", "\u00a0", "\u3000"];

    /// <summary>A string of up to <paramref name="maxPieces"/> pieces: ASCII, whitespace runs, control characters,
    /// Latin-1, combining marks, CJK, emoji (surrogate pairs) and any other code point.</summary>
    public static string Next(Random random, int maxPieces = 40)
    {
        var text = new StringBuilder();
        int pieces = random.Next(maxPieces + 1);
        for (int i = 0; i < pieces; i++)
        {
            switch (random.Next(8))
            {
                case 0: text.Append((char)random.Next(0x20, 0x7F)); break;
                case 1: text.Insert(text.Length, Whitespace[random.Next(Whitespace.Length)], 1 + random.Next(4)); break;
                case 2: text.Append((char)(random.Next(2) == 0 ? random.Next(0x00, 0x20) : random.Next(0x7F, 0xA0))); break;
                case 3: text.Append((char)random.Next(0xA0, 0x250)); break;
                case 4: text.Append((char)random.Next(0x0300, 0x0370)); break;
                case 5: text.Append((char)random.Next(0x4E00, 0xA000)); break;
                case 6: text.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1FB00))); break;
                default: text.Append(char.ConvertFromUtf32(AnyScalar(random))); break;
            }
        }
        return text.ToString();
    }

    private static int AnyScalar(Random random)
    {
        int value = random.Next(0x110000 - 0x800);
        return value < 0xD800 ? value : value + 0x800;  // skip the surrogate range
    }
}
