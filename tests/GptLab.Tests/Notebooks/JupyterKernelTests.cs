using System.ComponentModel;
using Xunit.Abstractions;

namespace GptLab.Tests.Notebooks;

/// <summary>
/// The notebooks' JupyterLab path: 00-setup executed through the Jupyter protocol (<c>jupyter nbconvert --execute</c>,
/// the .NET (C#) kernel that scripts/setup.sh registers), judged like the dotnet-repl runs. This is the path where
/// live charts once stayed empty. Skipped, saying why, where Jupyter or the kernel is missing; .ci/run installs
/// Debian's jupyter-nbconvert and jupyter-client where it can.
/// </summary>
[Trait("Category", TestCategory.Slow)]
public sealed class JupyterKernelTests(NotebookFixture fixture, ITestOutputHelper log) : IClassFixture<NotebookFixture>
{
    private const string Notebook = "00-setup.ipynb";

    [SkippableFact]
    public void Setup_notebook_runs_through_the_Jupyter_kernel()
    {
        _ = fixture;
        Skip.IfNot(KernelRegistered(out var why), why);
        var scratch = TestPaths.NewTempFolder("jupyter");
        var run = DotnetProcess.Run(NotebookFixture.NotebooksFolder,
            ["nbconvert", "--to", "notebook", "--execute", Notebook, "--output-dir", scratch, "--ExecutePreprocessor.timeout=600"],
            new Dictionary<string, string> { ["GPTLAB_PROFILE"] = "tiny", ["GPTLAB_RUNS"] = scratch, ["GPTLAB_CHARTS"] = scratch },
            TimeSpan.FromMinutes(5), program: "jupyter");
        log.WriteLine($"jupyter nbconvert --execute {Notebook} took {run.Elapsed.TotalSeconds:F1} s");
        var executed = Path.Combine(scratch, Notebook);
        Assert.True(run.ExitCode == 0 && File.Exists(executed), $"jupyter nbconvert exited {run.ExitCode}:\n{run.Tail}");

        var result = NotebookResult.Load(executed);
        var errors = result.Errors().ToList();
        Assert.True(errors.Count == 0, $"{Notebook}: {string.Join("\n", errors)}");
        NotebookExecutionTests.AssertChartsAndChecks(Notebook, result);
    }

    private static bool KernelRegistered(out string why)
    {
        why = "";
        try
        {
            var kernels = DotnetProcess.Run(TestPaths.RepoRoot, ["kernelspec", "list"], timeout: TimeSpan.FromMinutes(1), program: "jupyter");
            if (kernels.ExitCode == 0 && kernels.Output.Contains(".net-csharp", StringComparison.Ordinal)) return true;
            why = $"the .NET (C#) kernel is not registered with Jupyter (jupyter kernelspec list exited {kernels.ExitCode}): run bash scripts/setup.sh";
        }
        catch (Win32Exception)
        {
            why = "jupyter is not installed: apt install jupyter-nbconvert jupyter-client (or pip in a venv), then bash scripts/setup.sh";
        }
        return false;
    }
}
