using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.IO;

/// <summary>
/// Safetensors files, every helper in one place: whole state dicts through TorchSharp.PyBridge, read with a one-line error
/// for a damaged file and written with the <c>{"format": "pt"}</c> metadata Hugging Face's loader checks for, and the
/// check of a file's header against its length (<see cref="Shortfall"/>) that checkpoints and imports run first.
/// </summary>
public static class SafetensorsFiles
{
    /// <summary>Every tensor of <paramref name="path"/> by name, on the CPU; call it inside a dispose scope.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (Shortfall(path) is { } shortfall)
            throw new GptLabException($"cannot import {path}: the file is damaged ({shortfall}); download or copy it again");
        try
        {
            return Safetensors.LoadStateDict(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not GptLabException)
        {
            throw new GptLabException($"cannot import {path}: it is not a readable safetensors file ({e.Message.Split('\n')[0]}); download or copy it again");
        }
    }

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> (a new file) with PyTorch's metadata.</summary>
    public static void Write(string path, Dictionary<string, Tensor> tensors)
    {
        var plain = path + ".plain";
        try
        {
            Safetensors.SaveStateDict(plain, tensors);
            using var source = File.OpenRead(plain);
            using var target = File.Create(path);
            Span<byte> prefix = stackalloc byte[8];
            source.ReadExactly(prefix);
            var header = new byte[BinaryPrimitives.ReadInt64LittleEndian(prefix)];
            source.ReadExactly(header);
            var json = JsonNode.Parse(header)!.AsObject();
            json["__metadata__"] = new JsonObject { ["format"] = "pt" };
            // The offsets count from the end of the header, so a longer header moves nothing; pad it to 8 bytes as safetensors does.
            var raw = Encoding.UTF8.GetBytes(json.ToJsonString());
            var padded = new byte[(raw.Length + 7) / 8 * 8];
            Array.Fill(padded, (byte)' ');
            raw.CopyTo(padded, 0);
            BinaryPrimitives.WriteInt64LittleEndian(prefix, padded.Length);
            target.Write(prefix);
            target.Write(padded);
            source.CopyTo(target);
        }
        catch (IOException e)
        {
            throw DiskErrors.Describe(e, path);
        }
        finally
        {
            File.Delete(plain);
        }
    }

    /// <summary>What is missing from a safetensors file (8-byte header length, JSON header, then the tensors' bytes), or null.</summary>
    public static string? Shortfall(string path)
    {
        var length = new FileInfo(path).Length;
        using var stream = File.OpenRead(path);
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8) return $"{length} bytes, shorter than its header";
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(prefix);
        if (headerLength <= 0 || 8 + headerLength > length) return $"truncated: {length:N0} bytes, its header alone needs {8 + headerLength:N0}";
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        try
        {
            using var json = JsonDocument.Parse(header);
            var end = json.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
                .Select(p => p.Value.GetProperty("data_offsets")[1].GetInt64()).DefaultIfEmpty(0).Max();
            return 8 + headerLength + end > length ? $"truncated: {length:N0} of {8 + headerLength + end:N0} bytes" : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "its header is not valid safetensors JSON";
        }
    }
}
