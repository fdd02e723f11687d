using System.Security.Cryptography;
using System.Text;
using GptLab.IO;
using GptLab.Runtime;

namespace GptLab.Experiments.Lab;

/// <summary>
/// Where an experiment's numbers came from, kept in its result.json: the commit (and whether the tree held uncommitted
/// changes), a hash of the settings that define the run, its seeds, the machine and the command. A number quoted in the
/// docs can be traced to exactly this.
/// </summary>
public sealed record Provenance
{
    public required string Commit { get; init; }
    public required bool Dirty { get; init; }

    /// <summary>SHA-256 (first 16 hex digits) of the experiment's name, profile, scale and seeds: equal hashes, equal settings.</summary>
    public required string ConfigHash { get; init; }

    public required IReadOnlyList<long> Seeds { get; init; }
    public required string Machine { get; init; }
    public required string Command { get; init; }
    public DateTimeOffset RunAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The provenance of experiment <paramref name="experiment"/> run as <paramref name="command"/> in <paramref name="profile"/> at <paramref name="scale"/> over <paramref name="seeds"/>.</summary>
    public static Provenance Of(string experiment, string profile, int scale, IReadOnlyList<long> seeds, string command)
    {
        var settings = $"experiment={experiment};profile={profile};scale={scale};seeds={string.Join(',', seeds)}";
        var cpu = CpuFeatures.Current;
        return new Provenance
        {
            Commit = SourceVersion.Commit,
            Dirty = SourceVersion.Dirty,
            ConfigHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings)))[..16],
            Seeds = seeds,
            Machine = $"{cpu.Model} (bf16: {cpu.Bf16}), {Environment.ProcessorCount} processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            Command = command,
        };
    }
}
