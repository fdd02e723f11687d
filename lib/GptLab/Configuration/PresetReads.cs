using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GptLab.Configuration;

/// <summary>
/// The presets a piece of work reads through <see cref="Presets.For"/> (and the lab's recipe, <see cref="Presets.Lab"/>,
/// as "lab/recipe") while a recording is open in its flow, each with a hash of its settings. An experiment's result
/// keeps them (<c>provenance.presets</c>), so a later change to a preset it read shows: <see cref="Changed"/> lists the
/// presets whose settings are no longer those the result was made with.
/// </summary>
public sealed class PresetReads : IDisposable
{
    private static readonly AsyncLocal<PresetReads?> Current = new();
    private readonly PresetReads? _outer;
    private readonly SortedDictionary<string, string> _hashes = new(StringComparer.Ordinal);

    private PresetReads()
    {
        _outer = Current.Value;
        Current.Value = this;
    }

    /// <summary>Starts recording the presets read from here on in this flow (tasks it starts included), until disposed.</summary>
    public static PresetReads Record() => new();

    /// <summary>"stage/profile" → <see cref="Hash"/> of that preset, for every preset read so far, in key order.</summary>
    public IReadOnlyDictionary<string, string> Hashes
    {
        get
        {
            lock (_hashes) return new SortedDictionary<string, string>(_hashes, StringComparer.Ordinal);
        }
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the preset's settings as the run's config.json writes them.</summary>
    public static string Hash(RunConfig preset) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(preset, Json.Line))))[..16];

    /// <summary>
    /// The keys of <paramref name="recorded"/> (as <see cref="Hashes"/> gives them) whose preset has other settings today,
    /// or no longer exists.
    /// </summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> recorded) =>
        [.. recorded.Where(r => Today(r.Key) != r.Value).Select(r => r.Key)];

    // Called by Presets.For with the row it returns: stage and profile as the table names them. Nothing to do, and no
    // hash computed, when no recording is open.
    internal static void Note(string stage, string profile, RunConfig preset)
    {
        if (Current.Value is null) return;
        var (key, hash) = ($"{stage}/{profile}", Hash(preset));
        for (var reads = Current.Value; reads is not null; reads = reads._outer)
            lock (reads._hashes) reads._hashes[key] = hash;
    }

    public void Dispose() => Current.Value = _outer;

    private static string? Today(string key)
    {
        if (key == "lab/recipe") return Hash(Presets.LabRecipe);
        var slash = key.IndexOf('/');
        if (slash < 0) return null;
        var (stage, profile) = (key[..slash], key[(slash + 1)..]);
        return Stage.All.Contains(stage) && Presets.Profiles(stage).Contains(profile) ? Hash(Presets.For(stage, profile)) : null;
    }
}
