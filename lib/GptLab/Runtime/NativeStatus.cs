namespace GptLab.Runtime;

/// <summary>What GptLab did to make TorchSharp's native bridge load.</summary>
/// <param name="PatchNeeded">The system libstdc++ lacks GLIBCXX_3.4.32, so TorchSharp as shipped cannot load.</param>
/// <param name="Active">GptLab loaded the bridge itself (patched copy and/or GPTLAB_LIBTORCH).</param>
/// <param name="Reason">One line for <c>gptlab info</c>.</param>
/// <param name="BridgePath">The libLibTorchSharp.so in use when GptLab loaded it.</param>
/// <param name="LibtorchDir">Where libtorch was loaded from when GptLab loaded it.</param>
public sealed record NativeStatus(bool PatchNeeded, bool Active, string Reason, string? BridgePath, string? LibtorchDir);
