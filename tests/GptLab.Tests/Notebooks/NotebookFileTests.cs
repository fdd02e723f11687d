using System.Text.Json;
using System.Xml.Linq;
using GptLab.NotebookTwins;

namespace GptLab.Tests.Notebooks;

/// <summary>Fast checks of the committed notebook files: no outputs, package versions, twins up to date.</summary>
public sealed class NotebookFileTests
{
    private static string Folder => NotebookFixture.NotebooksFolder;

    private static SetupFile Setup => SetupFile.Parse(File.ReadAllText(Path.Combine(Folder, "_setup.dib")));

    [Fact]
    public void Committed_notebooks_carry_no_outputs()
    {
        var notebooks = Directory.GetFiles(Folder, "*.ipynb");
        Assert.NotEmpty(notebooks);
        foreach (var path in notebooks)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var (cell, i) in doc.RootElement.GetProperty("cells").EnumerateArray().Select((c, i) => (c, i)))
            {
                if (cell.GetProperty("cell_type").GetString() != "code") continue;
                var outputs = cell.TryGetProperty("outputs", out var o) ? o.GetArrayLength() : 0;
                var count = cell.TryGetProperty("execution_count", out var n) ? n.ValueKind : JsonValueKind.Null;
                Assert.True(outputs == 0 && count == JsonValueKind.Null,
                    $"{Path.GetFileName(path)} cell {i} has outputs: clear them before committing (plotly outputs are megabytes)");
            }
        }
    }

    [Fact]
    public void Every_notebook_declares_exactly_the_checks_its_code_prints()
    {
        foreach (var path in Directory.GetFiles(Folder, "*.ipynb").Where(NotebookTwin.IsCourseNotebook))
        {
            var declared = DeclaredChecks.Of(path);
            Assert.True(declared.Count > 0, $"{Path.GetFileName(path)} declares no checks: list them in its metadata, \"gptlab\": {{\"checks\": [...]}}");
            Assert.Equal(declared.Count, declared.Distinct().Count());
            Assert.Equal(declared.Order(StringComparer.Ordinal), DeclaredChecks.InCode(path).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Setup_packages_match_Directory_Packages_props()
    {
        var central = XDocument.Load(Path.Combine(TestPaths.RepoRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion").ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var setup = Setup.Packages;
        Assert.NotEmpty(setup);
        foreach (var (name, version) in setup)
        {
            Assert.True(central.TryGetValue(name, out var expected), $"_setup.dib references {name}, which Directory.Packages.props does not list");
            Assert.True(expected == version, $"_setup.dib has {name} {version}, Directory.Packages.props {expected}: use the central version");
        }
    }

    [Fact]
    public void Setup_references_every_package_the_library_needs_at_run_time()
    {
        var library = XDocument.Load(Path.Combine(TestPaths.RepoRoot, "lib", "GptLab", "GptLab.csproj"))
            .Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!);
        var referenced = Setup.Packages.Select(p => p.Name).ToHashSet();
        foreach (var package in library.Append("TorchSharp-cpu")) // the native backend executables get from Directory.Build.targets
            Assert.True(referenced.Contains(package), $"_setup.dib lacks #r \"nuget: {package}, <version>\", which GptLab needs at run time");
        var dll = File.ReadAllLines(Path.Combine(Folder, "_setup.dib")).Single(l => l.StartsWith("#r \"../", StringComparison.Ordinal));
        Assert.Equal("#r \"../lib/GptLab/bin/Release/net10.0/GptLab.dll\"", dll);
    }

    [Fact]
    public void Twins_are_up_to_date()
    {
        var twins = NotebookTwin.RenderFolder(Folder).ToList();
        Assert.NotEmpty(twins);
        foreach (var (notebook, twin, text) in twins)
        {
            Assert.True(File.Exists(twin) && File.ReadAllText(twin) == text,
                $"{Path.GetFileName(twin)} is out of date with {Path.GetFileName(notebook)}: run dotnet run --project lib/GptLab.NotebookTwins");
        }
    }

    [Fact]
    public void Twin_drops_kernel_cells_and_lists_packages_without_versions()
    {
        var twin = File.ReadAllText(Path.Combine(Folder, "00-setup.cs"));
        Assert.Contains("#:package Plotly.NET\n", twin);
        Assert.Contains("#:project ../lib/GptLab/GptLab.csproj\n", twin);
        Assert.DoesNotContain("TorchSharp-cpu", twin); // Directory.Build.targets adds it; twice is NU1504
        Assert.DoesNotContain("Microsoft.DotNet.Interactive", twin);
        Assert.DoesNotContain("\n#!", twin); // magic commands never reach the C# file
    }

    [Fact]
    public void Twin_generator_rejects_magic_commands_it_cannot_translate()
    {
        const string notebook = """{"cells":[{"cell_type":"code","source":["#!time\n","var x = 1;"],"outputs":[]}]}""";
        var e = Assert.Throws<InvalidDataException>(() => NotebookTwin.Render(notebook, "99-x.ipynb", Setup));
        Assert.Contains("#!time", e.Message);
    }
}
