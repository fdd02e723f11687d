using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using GptLab.Configuration;
using GptLab.Runtime;
using GptLab.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab info</c>: what torch this process runs on, whether the Linux compatibility fix is on, and what dtype auto
/// chooses for the default profile's model here, and why.
/// </summary>
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
        // What dtype auto makes of the default profile's pretraining on this machine, measured as a run would measure it.
        var profileName = ConfigResolver.ProfileName(null);
        var profile = ConfigResolver.Resolve(Stage.Base, profileName);
        var dtype = PrecisionChoice.For(profile.Model, profile.Train, TorchRuntime.ResolveDevice(null));
        if (settings.Json)
        {
            var json = JsonSerializer.SerializeToNode(info, GptLab.Json.Line)!.AsObject();
            json["dtype_auto"] = new JsonObject { ["profile"] = profileName, ["dtype"] = dtype.Dtype, ["reason"] = dtype.Reason };
            Console.WriteLine(json.ToJsonString(GptLab.Json.Line));
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
        Row("dtype auto", $"{dtype.Dtype} for the {profileName} profile's model: {dtype.Reason}");
        Row("OS", info.Os);
        Row(".NET", info.Dotnet);
        AnsiConsole.Write(table);
        return 0;
    }
}
