// The trainer's AdamW over flat buffers (FlatAdamW) against TorchSharp's per-parameter AdamW, on the same gradients:
// milliseconds per update, per clipping and per zeroing of the gradients, three rounds of 200 after 20 warm-up calls.
// Without arguments the cpu profile's model (809,856 parameters in 52 tensors); `chat-cpu 2048` for the chat base.
//     dotnet run tests/bench/flat-adamw.cs [PROFILE VOCAB]   (alone on the machine: a second libtorch process spoils it)
#:package TorchSharp
#:project ../../lib/GptLab/GptLab.csproj
#:property PublishAot=false

using System.Diagnostics;
using GptLab.Configuration;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using static TorchSharp.torch;

TorchRuntime.EnsureLoaded(); // libtorch with the Linux compatibility fix
var preset = Presets.For(Stage.Base, args.Length > 0 ? args[0] : "cpu");
var shape = preset.Model with { VocabSize = args.Length > 1 ? int.Parse(args[1]) : 65 };
var settings = preset.Train with { WeightDecay = 0.1 }; // both groups at work
TorchRuntime.Seed(1);
using var plainModel = new Gpt(shape, Precision.Float32);
TorchRuntime.Seed(1);
using var flatModel = new Gpt(shape, Precision.Float32);
using var plain = AdamWGroups.Create(plainModel, settings);
using var flat = new FlatAdamW(flatModel.DistinctParameters(), settings);
var plainParameters = plainModel.DistinctParameters().Select(p => p.Parameter).ToList();
foreach (var p in plainParameters) { using var g = randn_like(p); p.grad = g; }
foreach (var (_, p) in flatModel.DistinctParameters()) { using var g = randn_like(p); using (no_grad()) p.grad!.copy_(g); } // into the buffer
Console.WriteLine($"{plainParameters.Sum(p => p.numel()):N0} parameters in {plainParameters.Count} tensors");

static double Milliseconds(Action step)
{
    for (var i = 0; i < 20; i++) step();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < 200; i++) step();
    return clock.Elapsed.TotalMilliseconds / 200;
}

for (var round = 0; round < 3; round++)
{
    var update = (Milliseconds(() => { using var scope = NewDisposeScope(); plain.step(); }), Milliseconds(() => flat.Step(1e-3)));
    var clip = (Milliseconds(() => GradientClipping.ClipByTotalNorm(plainParameters, 1e9).Dispose()), Milliseconds(() => flat.ClipGradients(1e9).Dispose()));
    var zero = (Milliseconds(plain.zero_grad), Milliseconds(flat.ZeroGrad));
    Console.WriteLine($"ms per call, per-parameter against flat: AdamW {update.Item1:F3} / {update.Item2:F3}; clipping {clip.Item1:F3} / {clip.Item2:F3}; zeroing {zero.Item1:F3} / {zero.Item2:F3}");
}
