using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GptLab.Tests.DevContainer;

/// <summary>
/// The workshop kit, checked without Docker: both dev container files, scripts/setup.sh that they run and
/// docs/workshop.md. CI also runs the setup script for real before the tests (.ci/run), outside a container.
/// </summary>
public sealed class DevContainerTests
{
    private const string Cpu = ".devcontainer/devcontainer.json";
    private const string Gpu = ".devcontainer/gpu/devcontainer.json";
    private const string SetupScript = "scripts/setup.sh";
    private const string SetupCommand = "bash " + SetupScript;
    private const string Workshop = "docs/workshop.md";

    public static TheoryData<string> Files => new() { Cpu, Gpu };

    // devcontainer.json is JSON with comments (JSONC), trailing commas allowed.
    private static readonly JsonDocumentOptions Jsonc = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static string Root => TestPaths.RepoRoot;

    private static string Text(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    private static JsonElement Load(string relative)
    {
        using var doc = JsonDocument.Parse(Text(relative), Jsonc);
        return doc.RootElement.Clone();
    }

    private static string? Str(JsonElement e, params string[] keys)
    {
        foreach (var key in keys)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(key, out e)) return null;
        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    /// <summary>The Dockerfile a dev container file builds (<c>build.dockerfile</c>, relative to that file).</summary>
    private static string Dockerfile(string file)
    {
        var relative = Str(Load(file), "build", "dockerfile");
        Assert.True(relative is not null, $"{file}: no build.dockerfile (both containers build .devcontainer/Dockerfile)");
        return Path.GetFullPath(Path.Combine(Root, Path.GetDirectoryName(file)!, relative));
    }

    private static List<string> Strings(JsonElement e, string key) =>
        e.TryGetProperty(key, out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : [];

    [Theory]
    [MemberData(nameof(Files))]
    public void File_parses_and_names_image_setup_cache_and_extensions(string file)
    {
        var c = Load(file);
        Assert.False(string.IsNullOrEmpty(Str(c, "name")), $"{file}: no name");
        Assert.True(File.Exists(Dockerfile(file)), $"{file}: its Dockerfile {Dockerfile(file)} does not exist");
        Assert.Equal(SetupCommand, Str(c, "postCreateCommand"));
        Assert.Contains("source=gptlab-nuget,target=/home/vscode/.nuget/packages,type=volume", Strings(c, "mounts"));
        Assert.Equal("vscode", Str(c, "remoteUser")); // the volume's target lies in that user's home
        Assert.Contains("/home/vscode/.nuget/packages", Str(c, "onCreateCommand")); // a new volume belongs to root
        var extensions = c.GetProperty("customizations").GetProperty("vscode").GetProperty("extensions")
            .EnumerateArray().Select(x => x.GetString()).ToList();
        foreach (var id in new[] { "ms-dotnettools.csharp", "ms-toolsai.jupyter", "ms-dotnettools.dotnet-interactive-vscode" })
            Assert.True(extensions.Contains(id), $"{file} lacks the VS Code extension {id}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Image_is_Ubuntu_noble_with_the_SDK_major_version_of_global_json(string file)
    {
        var sdk = JsonDocument.Parse(Text("global.json")).RootElement.GetProperty("sdk").GetProperty("version").GetString()!;
        var major = sdk.Split('.')[0];
        var dockerfile = File.ReadAllText(Dockerfile(file));
        var from = Assert.Single(dockerfile.Split('\n').Select(l => l.TrimEnd('\r')), l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var m = Regex.Match(from, @"^FROM mcr\.microsoft\.com/devcontainers/dotnet:(?:\d+-)?(\d+)\.0-noble$");
        Assert.True(m.Success, $"{file}: '{from}' is not the devcontainers .NET image on Ubuntu 24.04 (noble)");
        Assert.True(m.Groups[1].Value == major, $"{file}: '{from}' has .NET {m.Groups[1].Value}, global.json pins SDK {sdk}");
        Assert.Contains("jupyter-core", dockerfile); // the `jupyter` command setup registers the .NET kernels with

        // A dotnet feature, if one is ever added, must install the same SDK major version.
        if (Load(file).TryGetProperty("features", out var features))
        {
            foreach (var f in features.EnumerateObject().Where(f => f.Name.Contains("/dotnet:", StringComparison.Ordinal)))
                Assert.StartsWith(major + ".", Str(f.Value, "version") ?? "");
        }
    }

    [Fact]
    public void Both_files_share_image_cache_setup_and_extensions()
    {
        Assert.Equal(Dockerfile(Cpu), Dockerfile(Gpu));
        var (cpu, gpu) = (Load(Cpu), Load(Gpu));
        foreach (var key in new[] { "mounts", "onCreateCommand", "postCreateCommand", "remoteUser", "customizations" })
            Assert.True(JsonSerializer.Serialize(cpu.GetProperty(key)) == JsonSerializer.Serialize(gpu.GetProperty(key)), // without comments
                $"{Cpu} and {Gpu} differ in '{key}': the GPU container is the CPU one plus CUDA");
    }

    [Fact]
    public void Gpu_file_selects_cuda_and_asks_for_the_hosts_gpus_optionally()
    {
        var gpu = Load(Gpu);
        Assert.Equal("cuda", Str(gpu, "containerEnv", "TorchBackend"));
        Assert.Equal("optional", Str(gpu, "hostRequirements", "gpu"));
        var runArgs = Strings(gpu, "runArgs");
        var at = runArgs.IndexOf("--gpus");
        Assert.True(at >= 0 && at + 1 < runArgs.Count && runArgs[at + 1] == "all", $"{Gpu}: runArgs should hold \"--gpus\", \"all\"");
        var text = Text(Gpu);
        Assert.Contains("NVIDIA driver", text); // the note on what the host needs
        Assert.Contains("NVIDIA Container Toolkit", text);
        Assert.Contains("PackageVersion Include=\"TorchSharp-cuda-linux\"", Text("Directory.Packages.props")); // what TorchBackend=cuda restores
    }

    [Fact]
    public void Cpu_file_asks_for_no_gpu()
    {
        var cpu = Load(Cpu);
        Assert.False(cpu.TryGetProperty("hostRequirements", out var host) && host.TryGetProperty("gpu", out _), $"{Cpu} must not ask for a GPU");
        Assert.DoesNotContain("--gpus", Strings(cpu, "runArgs"));
        Assert.True(Str(cpu, "containerEnv", "TorchBackend") is null or "cpu", $"{Cpu}: TorchBackend should be cpu");
    }

    [Fact]
    public void The_README_documents_the_script_the_containers_and_CI_run()
    {
        Assert.True(File.Exists(Path.Combine(Root, SetupScript)), $"{SetupScript} is missing");
        Assert.Contains($"`{SetupCommand}`", Text("README.md"));
        Assert.Contains($"`{SetupCommand}`", Text("notebooks/README.md"));
        var ci = Text(".ci/run");
        var setup = ci.IndexOf($"\n{SetupCommand}", StringComparison.Ordinal);
        var test = ci.IndexOf("\ndotnet test", StringComparison.Ordinal);
        Assert.True(setup >= 0 && setup < test, ".ci/run should run bash scripts/setup.sh before dotnet test");
    }

    public static TheoryData<string> ReferencingFiles => new() { Cpu, Gpu, ".devcontainer/Dockerfile", SetupScript, Workshop, ".ci/run" };

    [Theory]
    [MemberData(nameof(ReferencingFiles))]
    public void Every_repository_file_it_names_exists(string file)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Root, file))!;
        var text = Text(file);
        // Paths with a folder and a file extension, comments included; ./ and ../ are relative to the file itself.
        var named = Regex.Matches(text, @"(?<![\w/.:~$-])((?:\.{1,2}/)*(?:[\w.-]+/)+[\w.-]+\.(?:sh|json|md|dib|ipynb|cs|csproj|sln|props|targets))(?![\w/])")
            .Select(m => m.Groups[1].Value)
            .Where(p => !p.Contains("NN-", StringComparison.Ordinal)) // notebooks/NN-name.cs: a placeholder
            .Select(p => p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal)
                ? Path.GetFullPath(Path.Combine(folder, p))
                : Path.Combine(Root, p));
        // Markdown links resolve against the document's folder.
        var links = Regex.Matches(text, @"\]\((?!https?:|#)([^)#\s]+)(?:#[^)]*)?\)")
            .Select(m => Path.GetFullPath(Path.Combine(folder, m.Groups[1].Value)));
        var all = named.Concat(links).Distinct().ToList();
        Assert.NotEmpty(all);
        foreach (var path in all)
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{file} names {Path.GetRelativePath(Root, path)}, which does not exist");
    }

    [Fact]
    public void Versions_named_in_the_kit_agree_with_the_central_pins()
    {
        var pins = XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Select(e => ((string)e.Attribute("Include")!, (string)e.Attribute("Version")!))
            .Concat(JsonDocument.Parse(Text(".config/dotnet-tools.json")).RootElement.GetProperty("tools").EnumerateObject()
                .Select(t => (t.Name, t.Value.GetProperty("version").GetString()!)))
            .ToList();
        var sdk = JsonDocument.Parse(Text("global.json")).RootElement.GetProperty("sdk").GetProperty("version").GetString()!;
        var checkedCount = 0;
        foreach (var file in new[] { Cpu, Gpu, ".devcontainer/Dockerfile", SetupScript, Workshop })
        {
            var text = Text(file);
            foreach (var (name, version) in pins)
            {
                // "TorchSharp-cuda-linux 0.107.0", "TorchSharp-cpu@0.107.0", "TorchSharp-cpu, 0.107.0"; not "TorchSharp-cpu" for "TorchSharp".
                var pattern = $@"(?<![\w.-]){Regex.Escape(name)}(?:@|,\s*|\s+v?|\s+version\s+)(\d+\.\d+\.\d+(?:-[\w.]+)?)";
                foreach (Match m in Regex.Matches(text, pattern, RegexOptions.IgnoreCase))
                {
                    Assert.True(m.Groups[1].Value == version, $"{file} names {name} {m.Groups[1].Value}; the pin is {version}");
                    checkedCount++;
                }
            }
            // An SDK-shaped version (10.0.401) must be global.json's.
            foreach (Match m in Regex.Matches(text, @"(?<![\w.])\d+\.0\.\d{3}(?![\w.])"))
            {
                Assert.True(m.Value == sdk, $"{file} names SDK {m.Value}; global.json pins {sdk}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 0, "no version found to check: docs/workshop.md names the CUDA package and the tools with their versions");
    }

    [Fact]
    public void The_tools_the_setup_script_runs_are_pinned_locally()
    {
        var tools = JsonDocument.Parse(Text(".config/dotnet-tools.json")).RootElement.GetProperty("tools");
        var setup = Text(SetupScript);
        var register = setup.IndexOf("dotnet interactive jupyter install", StringComparison.Ordinal);
        Assert.True(register > 0, "setup registers the .NET kernels with Jupyter");
        // dotnet-interactive refuses to register until the user's kernels folder exists (seen with a Jupyter lacking `jupyter kernelspec`).
        var makeKernels = setup.IndexOf("mkdir -p \"$kernels\"", StringComparison.Ordinal);
        Assert.True(makeKernels > 0 && makeKernels < register, "setup must create $(jupyter --data-dir)/kernels before 'dotnet interactive jupyter install'");
        Assert.True(tools.TryGetProperty("microsoft.dotnet-interactive", out var interactive), "pin microsoft.dotnet-interactive in .config/dotnet-tools.json: setup registers it with Jupyter");
        Assert.Equal("dotnet-interactive", interactive.GetProperty("commands")[0].GetString());
        Assert.True(tools.TryGetProperty("dotnet-repl", out _), "the notebook tests run the pinned dotnet-repl");
    }

    [Fact]
    public void Setup_dry_run_restores_and_builds_with_the_chosen_backend()
    {
        if (OperatingSystem.IsWindows()) return; // the containers and CI run bash on Linux

        var cpu = BashScript.Run(Root, [SetupScript, "--dry-run"], new() { ["TorchBackend"] = null });
        Assert.True(cpu.ExitCode == 0, cpu.Output);
        Assert.Contains("+ dotnet restore Course.sln -p:TorchBackend=cpu\n", cpu.Output);
        Assert.Contains("+ dotnet tool restore\n", cpu.Output);
        Assert.Contains("+ dotnet build lib/GptLab.Cli -c Release --no-restore -p:TorchBackend=cpu", cpu.Output);
        Assert.DoesNotContain("cuda", cpu.Output);

        var cuda = BashScript.Run(Root, [SetupScript, "--dry-run"], new() { ["TorchBackend"] = "cuda" });
        Assert.True(cuda.ExitCode == 0, cuda.Output);
        Assert.Contains("+ dotnet restore Course.sln -p:TorchBackend=cpu\n", cuda.Output); // the notebooks load TorchSharp-cpu
        Assert.Contains("+ dotnet restore Course.sln -p:TorchBackend=cuda\n", cuda.Output);
        Assert.Contains("+ dotnet build lib/GptLab.Cli -c Release --no-restore -p:TorchBackend=cuda", cuda.Output);

        // GptLab.Cli builds lib/GptLab into the folder notebooks/_setup.dib loads GptLab.dll from.
        Assert.Contains(@"Include=""..\GptLab\GptLab.csproj""", Text("lib/GptLab.Cli/GptLab.Cli.csproj").Replace('/', '\\'));
        Assert.Contains("#r \"../lib/GptLab/bin/Release/net10.0/GptLab.dll\"", Text("notebooks/_setup.dib"));
    }

    [Fact]
    public void Setup_rejects_an_unknown_backend_in_one_line_naming_the_fix()
    {
        if (OperatingSystem.IsWindows()) return;

        var r = BashScript.Run(Root, [SetupScript, "--dry-run"], new() { ["TorchBackend"] = "gpu" });
        Assert.NotEqual(0, r.ExitCode);
        var line = Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("TorchBackend='gpu'", line);
        Assert.Contains("use cpu (default), cuda or none", line);
    }

    [Fact]
    public void Workshop_agenda_lists_every_notebook()
    {
        var doc = Text(Workshop);
        foreach (var notebook in Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Select(Path.GetFileName))
        {
            var number = notebook![..2];
            Assert.True(Regex.IsMatch(doc, $@"^\| {number} ", RegexOptions.Multiline), $"{Workshop}: the agenda has no row for {notebook}");
        }
    }
}
