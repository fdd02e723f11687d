using GptLab.NotebookTwins;
using GptLab.Plots;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace GptLab.Tests.Notebooks;

/// <summary>
/// The kernel-only cell of notebooks/_setup.dib, run in a .NET Interactive C# kernel hosted here. A Jupyter front end
/// (JupyterLab, Notebook, nbconvert) replaces an output only when update_display_data carries the display_id of the
/// output it replaces, and the kernel's Jupyter bridge turns each event's ValueId into that display_id: a live chart
/// whose redraws name another id stays empty there (dotnet-repl appends the redraws instead, so the notebook
/// execution tests cannot see it).
/// </summary>
[Trait("Category", TestCategory.Slow)]
public sealed class KernelDisplayTests
{
    [Fact]
    public async Task Live_chart_redraws_name_the_display_they_replace()
    {
        var setup = File.ReadAllText(Path.Combine(NotebookFixture.NotebooksFolder, "_setup.dib"));
        var kernelCell = SetupFile.CSharpCells(setup).Single(c => c.TrimStart().StartsWith(SetupFile.KernelOnlyMarker, StringComparison.Ordinal));
        using var kernel = new CSharpKernel().UseKernelHelpers();
        var events = new List<KernelEvent>();
        using var subscription = kernel.KernelEvents.Subscribe(events.Add);
        try
        {
            var references = new[] { typeof(ChartOutput), typeof(Plotly.NET.GenericChart), typeof(Microsoft.FSharp.Core.Unit) }
                .Select(t => $"#r \"{t.Assembly.Location}\"");
            await Submit(kernel, string.Join('\n', references) + "\nusing GptLab.Plots;\nusing Plotly.NET;");
            await Submit(kernel, kernelCell);
            await Submit(kernel, """
                GenericChart Line(int points) => Charts.Lines([new Series("loss", [.. Enumerable.Range(0, points).Select(i => (double)i)], [.. Enumerable.Range(0, points).Select(i => 4.0 - i)])], "live", "step", "loss");
                var live = ChartOutput.Live(Line(0), "kernel-test");
                live.Update(Line(2));
                live.Update(Line(3));
                live.Dispose(); // draws the final state
                """);
        }
        finally
        {
            ChartOutput.UseFiles(); // the kernel ran in this process: leave the other tests' chart output as it was
        }

        var shown = Assert.Single(events.OfType<DisplayedValueProduced>(), e => Html(e).Contains("live"));
        Assert.False(string.IsNullOrEmpty(shown.ValueId), "the chart was displayed without an id, so nothing can replace it");
        var redraws = events.OfType<DisplayedValueUpdated>().ToList();
        Assert.NotEmpty(redraws);
        Assert.All(redraws, e => Assert.Equal(shown.ValueId, e.ValueId));
        Assert.Contains("\"y\":[4.0,3.0,2.0]", Html(redraws[^1])); // the last redraw holds the final data
    }

    private static async Task Submit(Kernel kernel, string code)
    {
        var result = await kernel.SendAsync(new SubmitCode(code));
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failed is null, $"{failed?.Message}\n{code}");
    }

    private static string Html(DisplayEvent e) => e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/html")?.Value ?? "";
}
