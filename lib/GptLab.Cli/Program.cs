using GptLab.Runtime;
using TorchSharp;
TorchRuntime.EnsureLoaded();
Console.WriteLine(NativeCompatibility.Status);
Console.WriteLine(torch.randn(3,3).sum().item<float>());
