using System.Buffers.Binary;
using System.Text;

namespace GptLab.Runtime;

/// <summary>
/// Reads and edits the version-needs section (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared
/// library. GptLab uses it to mark TorchSharp's <c>GLIBCXX_3.4.32</c> requirement as weak (VER_FLG_WEAK), so
/// the dynamic loader only warns on systems whose libstdc++ predates GCC 13. The one symbol behind that
/// version, <c>std::ios_base_library_init()</c>, is referenced by GCC 13 headers and never called.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>One required symbol version: the library it comes from, its name and whether it is weak.</summary>
    public readonly record struct Requirement(string Library, string Version, bool IsWeak);

    /// <summary>Every version the library requires from its dependencies.</summary>
    public static IReadOnlyList<Requirement> Read(ReadOnlySpan<byte> elf)
    {
        var result = new List<Requirement>();
        foreach (var (library, version, flagsOffset) in Walk(elf))
        {
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[flagsOffset..]);
            result.Add(new Requirement(library, version, (flags & VerFlagWeak) != 0));
        }
        return result;
    }

    /// <summary>Marks <paramref name="version"/> weak in place; returns how many entries were changed.</summary>
    public static int MarkWeak(Span<byte> elf, string version)
    {
        var changed = 0;
        foreach (var (_, name, offset) in Walk(elf))
        {
            if (name != version) continue;
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[offset..]);
            if ((flags & VerFlagWeak) != 0) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(elf[offset..], (ushort)(flags | VerFlagWeak));
            changed++;
        }
        return changed;
    }

    // Lists each Elf64_Vernaux entry: (library file name, version name, offset of its vna_flags field).
    private static List<(string Library, string Version, int FlagsOffset)> Walk(ReadOnlySpan<byte> elf)
    {
        var entries = new List<(string, string, int)>();
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

        var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        for (var i = 0; i < count; i++)
        {
            var header = elf[(sectionTable + i * entrySize)..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed) continue;

            var start = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
            var stringsSection = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
            var needCount = BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
            var strings = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(
                elf[(sectionTable + stringsSection * entrySize + 24)..]));

            var need = start;
            for (var n = 0; n < needCount; n++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[(need + 2)..]);
                var library = ReadString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 4)..]));
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    var name = ReadString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 8)..]));
                    entries.Add((library, name, aux + 4));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 12)..]);
                }
                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 12)..]);
            }
        }
        return entries;
    }

    private static string ReadString(ReadOnlySpan<byte> elf, int offset)
    {
        var length = elf[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(offset, length));
    }
}
