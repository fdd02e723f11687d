using System.Security.Cryptography;
using System.Text;
using GptLab.Configuration;
using GptLab.IO;
using GptLab.Runtime;

namespace GptLab.Experiments.Lab;

/// <summary>
/// Where an experiment's numbers came from, kept in its result.json: the commit (and whether the tree held uncommitted
/// changes), the presets it read with a hash of each, a hash of the settings that define the run, its seeds, the machine
/// and the command. A number quoted in the docs can be traced to exactly this, and a preset changed since shows
/// (<see cref="PresetReads.Changed"/>).
/// </summary>
public sealed record Provenance
{
    public required string Commit { get; init; }
    public required bool Dirty { get; init; }

    /// <summary>
    /// SHA-256 (first 16 hex digits) of the experiment's name, profile, scale, seeds and <see cref="Presets"/>: equal
    /// hashes, equal settings (the code that uses them is the commit's).
    /// </summary>
    public required string ConfigHash { get; init; }

    /// <summary>"stage/profile" → <see cref="PresetReads.Hash"/> of each preset the run read; null in files written before they were kept.</summary>
    public IReadOnlyDictionary<string, string>? Presets { get; init; }

    public required IReadOnlyList<long> Seeds { get; init; }
    public required string Machine { get; init; }
    public required string Command { get; init; }
    public DateTimeOffset RunAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// The provenance of experiment <paramref name="experiment"/> run as <paramref name="command"/> in <paramref name="profile"/>
    /// at <paramref name="scale"/> over <paramref name="seeds"/>, having read <paramref name="presets"/> (<see cref="PresetReads.Hashes"/>).
    /// The commit is the one <see cref="SourceVersion"/> read first in this process: read it before the runs start.
    /// </summary>
    public static Provenance Of(string experiment, string profile, int scale, IReadOnlyList<long> seeds, string command, IReadOnlyDictionary<string, string> presets)
    {
        var settings = $"experiment={experiment};profile={profile};scale={scale};seeds={string.Join(',', seeds)}"
            + string.Concat(presets.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $";{p.Key}={p.Value}"));
        var cpu = CpuFeatures.Current;
        return new Provenance
        {
            Commit = SourceVersion.Commit,
            Dirty = SourceVersion.Dirty,
            ConfigHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings)))[..16],
            Presets = presets,
            Seeds = seeds,
            Machine = $"{cpu.Model} (bf16: {cpu.Bf16}), {Environment.ProcessorCount} processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            Command = command,
        };
    }
}
