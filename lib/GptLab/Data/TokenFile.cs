using System.Buffers.Binary;
using GptLab.IO;

namespace GptLab.Data;

/// <summary>
/// Token ids as a flat little-endian binary with no header, like nanoGPT's train.bin/val.bin:
/// uint16 when the vocabulary fits (≤ 65,536 ids), else uint32. Files prepared by nanoGPT load as they are.
/// </summary>
public static class TokenFile
{
    /// <summary>Bytes per id for a vocabulary of <paramref name="vocabSize"/>.</summary>
    public static int BytesPerToken(int vocabSize) => vocabSize <= 65_536 ? 2 : 4;

    public static void Write(string path, ReadOnlySpan<int> ids, int vocabSize)
    {
        var width = BytesPerToken(vocabSize);
        var bytes = new byte[ids.Length * width];
        for (var i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)vocabSize)
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {ids[i]} at {i} is outside the vocabulary of {vocabSize}");
            if (width == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)ids[i]);
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), (uint)ids[i]);
        }
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads ids back; ids at or above <paramref name="vocabSize"/> mean the file and tokenizer do not match.</summary>
    public static int[] Read(string path, int vocabSize)
    {
        if (!File.Exists(path))
            throw new GptLabException($"token file not found at '{path}': it is written by `gptlab prepare`");
        var bytes = File.ReadAllBytes(path);
        var width = BytesPerToken(vocabSize);
        if (bytes.Length % width != 0)
            throw new GptLabException($"token file '{path}' has {bytes.Length} bytes, not a multiple of {width}: it was not written for a vocabulary of {vocabSize}; run `gptlab prepare` again");
        var ids = new int[bytes.Length / width];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = width == 2
                ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2))
                : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
            if (ids[i] >= vocabSize)
                throw new GptLabException($"token file '{path}' holds id {ids[i]} at position {i}, outside the vocabulary of {vocabSize}: it belongs to another tokenizer; run `gptlab prepare` again");
        }
        return ids;
    }
}
