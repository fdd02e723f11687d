using System.ComponentModel;
using System.Text.Json;
using GptLab.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab info</c>: what torch this process runs on, and whether the Linux compatibility fix is on.</summary>
public sealed class InfoCommand : Command<InfoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print one JSON object")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var info = RuntimeInfo.Collect();
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(info, GptLab.Json.Line));
            return 0;
        }
        var table = new Table().AddColumn("").AddColumn("").HideHeaders().Border(TableBorder.Rounded);
        void Row(string key, string value) => table.AddRow(Markup.Escape(key), Markup.Escape(value));
        Row("GptLab", info.Gptlab);
        Row("TorchSharp", info.Torchsharp);
        Row("libtorch", info.Libtorch);
        Row("backend", info.Backend);
        Row("device (auto)", info.DefaultDevice);
        Row("CUDA available", info.CudaAvailable ? $"yes ({info.CudaDevices} device(s))" : "no");
        Row("threads", $"{info.Threads} libtorch / {info.ProcessorCount} processors");
        Row("compatibility fix", (info.CompatibilityFixActive ? "ACTIVE: " : "not needed: ") + info.CompatibilityFix);
        Row("CPU", info.Cpu);
        Row("bf16", $"{info.CpuBf16}: {info.Bf16Advice}");
        Row("OS", info.Os);
        Row(".NET", info.Dotnet);
        AnsiConsole.Write(table);
        return 0;
    }
}
