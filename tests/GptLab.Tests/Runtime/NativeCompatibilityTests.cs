using System.Security.Cryptography;
using GptLab.Runtime;

namespace GptLab.Tests.Runtime;

public class NativeCompatibilityTests
{
    private static string ShippedBridge => NativeCompatibility.FindBridge() ?? throw new InvalidOperationException("libLibTorchSharp.so not found");

    [Fact]
    public void TheShippedBridgeRequiresGlibcxx3432Strongly()
    {
        var needs = ElfVersionNeeds.Read(File.ReadAllBytes(ShippedBridge));
        var required = Assert.Single(needs, n => n.Version == NativeCompatibility.RequiredGlibcxx);
        Assert.Equal("libstdc++.so.6", required.Library);
        Assert.False(required.IsWeak);
    }

    [Fact]
    public void MarkingWeakChangesThatEntryOnlyAndIsIdempotent()
    {
        var bytes = File.ReadAllBytes(ShippedBridge);
        var before = ElfVersionNeeds.Read(bytes);
        Assert.Equal(1, ElfVersionNeeds.MarkWeak(bytes, NativeCompatibility.RequiredGlibcxx));
        Assert.Equal(0, ElfVersionNeeds.MarkWeak(bytes, NativeCompatibility.RequiredGlibcxx));
        var after = ElfVersionNeeds.Read(bytes);
        Assert.Equal(before.Select(n => n with { IsWeak = n.IsWeak || n.Version == NativeCompatibility.RequiredGlibcxx }), after);
        var original = File.ReadAllBytes(ShippedBridge);
        Assert.Equal(original.Length, bytes.Length);
        Assert.Equal(1, original.Zip(bytes).Count(p => p.First != p.Second)); // one flag byte
    }

    [Fact]
    public void TheFixIsAppliedExactlyWhenLibstdcxxLacksTheVersion()
    {
        var folder = TestPaths.NewTempFolder("libstdcxx");
        var old = Path.Combine(folder, "old.so");
        var recent = Path.Combine(folder, "new.so");
        File.WriteAllBytes(old, "\0GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0"u8.ToArray());
        File.WriteAllBytes(recent, "\0GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0GLIBCXX_3.4.33\0"u8.ToArray());
        Assert.True(NativeCompatibility.NeedsPatch(old));
        Assert.False(NativeCompatibility.NeedsPatch(recent)); // newer systems are left untouched
        Assert.False(NativeCompatibility.NeedsPatch(null));
    }

    [Fact]
    public void OnThisMachineTheStatusMatchesTheSystemAndTheShippedFileIsUntouched()
    {
        var status = NativeCompatibility.Status;
        var needed = NativeCompatibility.NeedsPatch(NativeCompatibility.LoadedLibstdcxx());
        Assert.Equal(needed, status.PatchNeeded);
        Assert.True(TorchSharp.torch.ones(2).sum().item<float>() == 2f, "libtorch must work either way");
        if (!needed) return;
        Assert.True(status.Active, status.Reason);
        Assert.NotEqual(Path.GetFullPath(ShippedBridge), Path.GetFullPath(status.BridgePath!)); // a copy of GptLab's own
        Assert.True(ElfVersionNeeds.Read(File.ReadAllBytes(status.BridgePath!)).Single(n => n.Version == NativeCompatibility.RequiredGlibcxx).IsWeak);
        Assert.False(ElfVersionNeeds.Read(File.ReadAllBytes(ShippedBridge)).Single(n => n.Version == NativeCompatibility.RequiredGlibcxx).IsWeak);
        var nugetCopy = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages/torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so");
        if (File.Exists(nugetCopy))
            Assert.Equal(SHA256.HashData(File.ReadAllBytes(ShippedBridge)), SHA256.HashData(File.ReadAllBytes(nugetCopy)));
    }
}
