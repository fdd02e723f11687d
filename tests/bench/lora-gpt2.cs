// Fine-tuning a model of GPT-2 124M's shape on this machine: seconds per step and peak memory, every weight against
// LoRA adapters. The model has random weights (GPT-2's own cannot be fetched here) and GPT-2's tokenizer, imported as
// `gptlab import gpt2` imports GPT-2, then fine-tuned by the sft stage with the cpu profile's settings on a few
// conversations (replay off: an imported model has no pretraining text here), as notebook 09 measures it. Each mode runs
// in its own process, so each peak is its own (VmHWM: the most resident memory the process ever held). The steps see
// the same batches in every mode: seconds per step is their mean, the first step (first-touch allocations) and the last
// (it evaluates) left out.
// With `recompute`, the blocks' activations are computed again in the backward pass (train.recompute); with `bf16`, the
// matmuls compute in bf16 and the frozen base is held in bf16 (dtype bfloat16); with `auto`, the stage times both
// precisions on this model and takes the faster (dtype auto).
//     bash tests/bench/lora-gpt2.sh           (runs prepare, full, lora 8, lora 8 in micro-batches, both again with
//                                              recompute; alone on the machine)
//     dotnet run tests/bench/lora-gpt2.cs -- prepare DIR | full DIR | lora RANK [ACCUM] [recompute] [bf16|auto] DIR
#:package TorchSharp
#:package TorchSharp.PyBridge
#:project ../../lib/GptLab/GptLab.csproj
#:property PublishAot=false

using System.Diagnostics;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.Interop;
using GptLab.IO;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Stages;
using GptLab.Tokenization;
using GptLab.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

TorchRuntime.EnsureLoaded();
var mode = args[0];
var folder = args[^1];
var baseRun = Path.Combine(folder, "gpt2-shaped");

if (mode == "prepare")
{
    // A GPT-2 124M-shaped model, saved as a run, exported to Hugging Face's layout and imported back: GPT-2's path in.
    var shape = new GptConfig { VocabSize = Gpt2Tokenizer.BaseVocabSize, BlockSize = 1024, NLayer = 12, NHead = 12, NEmbd = 768, Dropout = 0.0, Activation = GptConfig.GeluTanh };
    using var model = new Gpt(shape);
    var tokenizer = new Gpt2Tokenizer();
    var saved = Path.Combine(folder, "random");
    var meta = new CheckpointMeta { Config = new RunConfig { Model = shape, Stage = Stage.Base }, Tokenizer = tokenizer.Kind, VocabSize = shape.VocabSize, Step = 0 };
    Checkpoint.Save(saved, meta, f =>
    {
        tokenizer.Save(Path.Combine(f, RunFiles.Tokenizer));
        model.save_safetensors(Path.Combine(f, RunFiles.Model));
    }, null, null);
    using (var checkpoint = Checkpoint.Load(saved, CPU)) CheckpointExport.Write(checkpoint, CheckpointExport.HuggingFace, Path.Combine(folder, "hf"));
    PretrainedImport.Gpt2(Path.Combine(folder, "hf"), baseRun);
    Console.WriteLine(JsonSerializer.Serialize(new { prepared = baseRun, parameters = model.ParameterCount() }));
    return;
}

// lora RANK [ACCUM]: micro-batches of 16 / ACCUM conversations whose gradients add up to one update of 16.
var recompute = args.Contains("recompute");
var dtype = args.Contains("bf16") ? Precision.BFloat16 : args.Contains("auto") ? Precision.Auto : Precision.Float32;
var numbers = args[1..^1].Where(a => a is not ("recompute" or "bf16" or "auto")).ToArray();
var rank = mode == "lora" ? int.Parse(numbers[0]) : 0;
var accum = mode == "lora" && numbers.Length == 2 ? int.Parse(numbers[1]) : 1;
var profile = ConfigResolver.Resolve(Stage.Sft, "cpu");
var sft = profile with
{
    Dtype = dtype,
    // one evaluation, before the first step and after the last
    Train = profile.Train with { EvalIters = 1, EvalInterval = 10_000, BatchSize = profile.Train.BatchSize / accum, GradAccum = accum, LoraRank = rank, Recompute = recompute },
    Sft = profile.Sft! with { TrainPerFamily = 32, TrainByFamily = new Dictionary<string, int>(), ValidationPerFamily = 2, Replay = 0, Epochs = 1 },
};
var clock = Stopwatch.StartNew();
using var stage = SupervisedStage.Open(RunFolder.At(Path.Combine(folder, mode)), SettingsRequest.For(sft), baseRun, CPU, StartMode.Replace, "lora-gpt2 bench");
var loaded = clock.Elapsed.TotalSeconds;
long Resident(string field) => long.Parse(File.ReadLines("/proc/self/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))
    .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024; // MB
var peakAfterLoad = Resident("VmHWM");
var trainable = stage.Model.TrainableParameters().Sum(p => p.Parameter.numel());
var stepSeconds = new List<double>();
var last = clock.Elapsed.TotalSeconds;
stage.StepCompleted += p =>
{
    var now = clock.Elapsed.TotalSeconds;
    if (p.Metric.ValLoss is null) stepSeconds.Add(now - last); // evaluation steps time the evaluation too
    last = now;
};
var result = stage.Train(test: false).Training;
var steady = stepSeconds.Skip(1).ToList(); // the first step pays for first-touch allocations
Console.WriteLine(JsonSerializer.Serialize(new
{
    mode, lora_rank = rank, recompute, dtype = stage.Config.Dtype, dtype_auto = stage.DtypeChoice?.Reason, batch = stage.Config.Train.BatchSize, grad_accum = accum, steps = result.Step, trainable_parameters = trainable,
    parameters = stage.Model.ParameterCount(), seconds_per_step_mean = Math.Round(steady.Average(), 2),
    seconds_per_step = steady.Select(t => Math.Round(t, 2)), load_s = Math.Round(loaded, 1), train_loss = result.TrainLoss,
    peak_rss_after_load_mb = peakAfterLoad, peak_rss_mb = Resident("VmHWM"), cpu = CpuFeatures.Current.Model, native_bf16 = CpuFeatures.Current.Bf16,
}));
