using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace GptLab.Runtime;

/// <summary>
/// Makes TorchSharp's native bridge loadable before the first TorchSharp call.
/// On Linux whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04) it writes a patched copy of
/// <c>libLibTorchSharp.so</c> into GptLab's own cache folder (never into the NuGet cache or system folders)
/// and points TorchSharp's native imports at it. With <c>GPTLAB_LIBTORCH</c> set, libtorch is taken from
/// that folder (an existing PyTorch installation). Everywhere else it does nothing.
/// </summary>
public static class NativeCompatibility
{
    /// <summary>The symbol version TorchSharp 0.107 asks for and older libstdc++ lacks.</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private const string BridgeFile = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static NativeStatus? _status;

    /// <summary>What <see cref="Apply"/> found and did; applies it on first use.</summary>
    public static NativeStatus Status => Apply();

    /// <summary>Idempotent; safe to call from every entry point. Never throws: failures land in the status.</summary>
    public static NativeStatus Apply()
    {
        lock (Gate)
        {
            return _status ??= ApplyOnce();
        }
    }

    private static NativeStatus ApplyOnce()
    {
        var libtorchOverride = Environment.GetEnvironmentVariable("GPTLAB_LIBTORCH");
        if (!OperatingSystem.IsLinux())
            return new NativeStatus(false, false, "not Linux: nothing to do", null, libtorchOverride);
        try
        {
            var libstdcxx = LoadedLibstdcxx();
            var needsPatch = NeedsPatch(libstdcxx);
            if (!needsPatch && string.IsNullOrEmpty(libtorchOverride))
                return new NativeStatus(false, false, $"{libstdcxx ?? "libstdc++"} has {RequiredGlibcxx}: TorchSharp loads as shipped", null, null);

            var bridge = FindBridge()
                ?? throw new FileNotFoundException($"{BridgeFile} not found next to TorchSharp.dll or the application; restore the TorchSharp package");
            var libtorchDir = !string.IsNullOrEmpty(libtorchOverride) ? libtorchOverride : FindLibtorchDir(bridge);
            if (libtorchDir is null)
                return new NativeStatus(needsPatch, false, "libtorch not found: build with -p:TorchBackend=cpu, or set GPTLAB_LIBTORCH to a libtorch lib folder", bridge, null);

            // The bridge's RUNPATH is $ORIGIN, so a copy elsewhere finds libtorch only if it is already loaded.
            foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so", "libc10_cuda.so", "libtorch_cuda.so" })
            {
                var path = Path.Combine(libtorchDir, name);
                if (File.Exists(path)) NativeLibrary.Load(path);
            }
            var loaded = needsPatch ? PatchedCopy(bridge) : bridge;
            var handle = NativeLibrary.Load(loaded);
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) =>
                name is "LibTorchSharp" or "libLibTorchSharp" or BridgeFile ? handle : IntPtr.Zero);
            var reason = needsPatch
                ? $"{libstdcxx} lacks {RequiredGlibcxx}: using a patched copy of {BridgeFile}"
                : $"libtorch from GPTLAB_LIBTORCH={libtorchOverride}";
            return new NativeStatus(needsPatch, true, reason, loaded, libtorchDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or BadImageFormatException or InvalidDataException or InvalidOperationException)
        {
            return new NativeStatus(false, false, $"compatibility fix failed: {e.Message}", null, libtorchOverride);
        }
    }

    /// <summary>The libstdc++ this process already uses (the .NET runtime links it), or a standard location.</summary>
    internal static string? LoadedLibstdcxx()
    {
        if (File.Exists("/proc/self/maps"))
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var at = line.IndexOf('/');
                if (at >= 0 && line.Contains("libstdc++.so", StringComparison.Ordinal)) return line[at..];
            }
        }
        return new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
    }

    /// <summary>True when <paramref name="libstdcxx"/> exists and does not define <see cref="RequiredGlibcxx"/>.</summary>
    internal static bool NeedsPatch(string? libstdcxx) => libstdcxx is not null && !FileContains(libstdcxx, RequiredGlibcxx);

    private static bool FileContains(string path, string text)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(text + "\0");
        return File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0;
    }

    /// <summary>Writes (once per content hash) a copy with the requirement marked weak; returns its path.</summary>
    internal static string PatchedCopy(string bridge)
    {
        var bytes = File.ReadAllBytes(bridge);
        var folder = Path.Combine(CacheRoot(), Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        var target = Path.Combine(folder, BridgeFile);
        if (File.Exists(target)) return target;

        ElfVersionNeeds.MarkWeak(bytes, RequiredGlibcxx);
        Directory.CreateDirectory(folder);
        var temp = $"{target}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, target, overwrite: true); // atomic: concurrent processes never see half a library
        return target;
    }

    private static string CacheRoot()
    {
        var explicitRoot = Environment.GetEnvironmentVariable("GPTLAB_NATIVE_CACHE");
        if (!string.IsNullOrEmpty(explicitRoot)) return explicitRoot;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "gptlab", "native");
    }

    private static IEnumerable<string> CandidateFolders()
    {
        const string native = "runtimes/linux-x64/native";
        var torchSharpDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        foreach (var root in new[] { AppContext.BaseDirectory, torchSharpDir }.Where(r => !string.IsNullOrEmpty(r)))
        {
            yield return root!;
            yield return Path.Combine(root!, native);
        }
        // NuGet cache layout: torchsharp/<v>/lib/net6.0/TorchSharp.dll and torchsharp/<v>/runtimes/...
        if (!string.IsNullOrEmpty(torchSharpDir)) yield return Path.GetFullPath(Path.Combine(torchSharpDir, "..", "..", native));
    }

    internal static string? FindBridge() =>
        CandidateFolders().Select(d => Path.Combine(d, BridgeFile)).FirstOrDefault(File.Exists);

    private static string? FindLibtorchDir(string bridge)
    {
        var folders = new List<string> { Path.GetDirectoryName(bridge)! };
        folders.AddRange(CandidateFolders());
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cpuPackage = Path.Combine(packages, "libtorch-cpu-linux-x64");
        if (Directory.Exists(cpuPackage))
            folders.AddRange(Directory.GetDirectories(cpuPackage).OrderDescending().Select(v => Path.Combine(v, "runtimes/linux-x64/native")));
        return folders.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch.so")));
    }

    /// <summary>Assembly version of the managed TorchSharp package.</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
}
