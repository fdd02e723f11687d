using System.ComponentModel;
using System.Text.RegularExpressions;
using GptLab.Evaluation;
using GptLab.Interop;
using GptLab.Training;
using GptLab.Tests.Notebooks;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GptLab.Tests.Interop;

/// <summary>
/// docs/scale-out.md's hand-off run with a real PyTorch: a GptLab run exported for nanoGPT, the docs' own to_ckpt.py and
/// from_ckpt.py (read from the page's code blocks), tests/pytorch/model.py (nanoGPT's interface and names) and
/// tests/pytorch/train.py (nanoGPT's resume, one CPU process). Skipped, saying why, where python3 cannot import torch
/// and numpy; .ci/run installs Debian's python3-torch where apt can.
/// </summary>
[Trait("Category", TestCategory.Slow)]
public sealed partial class PyTorchRoundTripTests(ITestOutputHelper log)
{
    private static readonly string Scripts = Path.Combine(TestPaths.RepoRoot, "tests", "pytorch");

    [SkippableFact]
    public void A_run_trained_further_in_PyTorch_comes_back_with_a_lower_loss_on_its_training_text()
    {
        Skip.IfNot(PyTorchImports(out var why), why);
        var run = TestPaths.NewTempFolder("handoff-run");
        var config = TorchFixture.TinyRun(maxSteps: 60, checkpointInterval: 60);
        using (var model = TorchFixture.NewModel(config.Model))
        using (var trainer = new Trainer(model, config, TorchFixture.ShakespeareChars, run, CPU)) trainer.Train();

        // The nanoGPT folder of the docs: out-gptlab/ from the export, data/gptlab/ from the run's token files.
        var nano = TestPaths.NewTempFolder("handoff-nanogpt");
        var outDir = Path.Combine(nano, "out-gptlab");
        using (var original = Checkpoint.Load(run, CPU)) CheckpointExport.Write(original, CheckpointExport.NanoGptFormat, outDir);
        var data = Directory.CreateDirectory(Path.Combine(nano, "data", "gptlab")).FullName;
        foreach (var file in new[] { "train.bin", "val.bin" }) File.Copy(Path.Combine(TorchFixture.ShakespeareChars.Folder, file), Path.Combine(data, file));
        foreach (var file in new[] { "model.py", "train.py", "logits.py" }) File.Copy(Path.Combine(Scripts, file), Path.Combine(nano, file));
        foreach (var script in new[] { "to_ckpt.py", "from_ckpt.py" }) File.WriteAllText(Path.Combine(nano, script), DocsScript(script));

        Python(nano, "to_ckpt.py");
        AssertTheSameLogits(run, nano);

        // Back untrained first: the round trip alone changes nothing, to float32 rounding.
        Python(nano, "from_ckpt.py");
        var untouched = Import(outDir, "untouched");
        var trainingText = File.ReadAllText(TestPaths.Shakespeare)[..5_000]; // the start of the training split
        double Loss(string folder)
        {
            using var checkpoint = Checkpoint.Load(folder, CPU);
            return TextLoss.Score(checkpoint.Model, checkpoint.Tokenizer, trainingText, "train").Loss;
        }
        var before = Loss(run);
        Assert.Equal(before, Loss(untouched), 5);

        var trained = Python(nano, "train.py", "--out_dir=out-gptlab", "--dataset=gptlab", "--max_iters=60");
        Assert.Contains("iter 60:", trained);
        Python(nano, "from_ckpt.py");
        var after = Loss(Import(outDir, "trained"));
        log.WriteLine($"loss on the first 5,000 characters of the training text: {before:F4} exported, {after:F4} back after 60 PyTorch iterations");
        Assert.True(after < before - 0.02, $"60 iterations of PyTorch training did not lower the loss: {before:F4} before, {after:F4} after");
    }

    // GptLab's logits and the PyTorch model's, from the ckpt.pt to_ckpt.py wrote, on the first block of validation ids.
    private void AssertTheSameLogits(string run, string nano)
    {
        using var checkpoint = Checkpoint.Load(run, CPU);
        var ids = TorchFixture.ShakespeareChars.Val[..checkpoint.Model.Config.BlockSize];
        var idsFile = Path.Combine(nano, "ids.bin");
        File.WriteAllBytes(idsFile, ids.SelectMany(id => BitConverter.GetBytes((ushort)id)).ToArray());
        Python(nano, "logits.py", "out-gptlab", idsFile, Path.Combine(nano, "logits.bin"));
        var bytes = File.ReadAllBytes(Path.Combine(nano, "logits.bin"));
        var theirs = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, theirs, 0, bytes.Length);
        checkpoint.Model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ours = checkpoint.Model.forward(tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0)).flatten().data<float>().ToArray();
        Assert.Equal(ours.Length, theirs.Length);
        var largest = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        log.WriteLine($"largest logit difference, GptLab against PyTorch: {largest:E2}");
        Assert.True(largest < 1e-4, $"PyTorch's logits differ from GptLab's by up to {largest}");
    }

    private static string Import(string from, string name)
    {
        var folder = Path.Combine(TestPaths.NewTempFolder("handoff-back"), name);
        PretrainedImport.NanoGpt(from, folder);
        return folder;
    }

    private static string Python(string folder, params string[] args)
    {
        var run = DotnetProcess.Run(folder, args, new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" }, TimeSpan.FromMinutes(3), program: PythonWithTorch.Value!);
        Assert.True(run.ExitCode == 0, $"python3 {string.Join(' ', args)} exited {run.ExitCode}:\n{run.Tail}");
        return run.Output;
    }

    // A ```python block of docs/scale-out.md whose first line is "# <name>".
    private static string DocsScript(string name)
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "scale-out.md"));
        var block = PythonBlock().Matches(page).Select(m => m.Groups[1].Value).SingleOrDefault(b => b.StartsWith($"# {name}\n", StringComparison.Ordinal));
        return block ?? throw new InvalidOperationException($"docs/scale-out.md has no python block starting with \"# {name}\"");
    }

    [GeneratedRegex(@"```python\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();

    // The first python3 that imports torch and numpy: the one on PATH, else Debian's (python3-torch installs there, and a
    // pyenv or venv python3 may come first on PATH).
    private static readonly Lazy<string?> PythonWithTorch = new(() => new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(python =>
    {
        try { return DotnetProcess.Run(Scripts, ["-c", "import torch, numpy"], timeout: TimeSpan.FromMinutes(1), program: python).ExitCode == 0; }
        catch (Win32Exception) { return false; } // not installed
    }));

    private static bool PyTorchImports(out string why)
    {
        why = PythonWithTorch.Value is null ? "no python3 imports torch and numpy: apt install python3-torch (or pip install torch numpy)" : "";
        return PythonWithTorch.Value is not null;
    }
}
