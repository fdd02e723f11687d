using System.ComponentModel;
using System.Text.Json;
using GptLab.Configuration;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary><c>gptlab rl</c>: reinforcement learning of an SFT run with rewards from a task's checker or a reward model, then pass@k on held-out questions before and after.</summary>
public sealed class RlCommand : Command<RlCommand.Settings>
{
    public sealed class Settings : TuningSettings
    {
        [CommandOption("--name <NAME>")][Description("Run folder for the tuned model. Default: chat-rl")] public string Name { get; init; } = "chat-rl";
        [CommandOption("--steps <N>")][Description("Updates (each samples --group answers to --batch-size prompts)")] public int? Steps { get; init; }
        [CommandOption("--group <G>")][Description("Answers sampled per prompt, at least 2 (each answer's baseline is its group's mean reward)")] public int? Group { get; init; }
        [CommandOption("--beta <B>")][Description("KL penalty to the SFT model per token (>= 0; default 0: none)")] public double? Beta { get; init; }
        [CommandOption("--task <TASK>")][Description("arithmetic (default): sums beyond the fine-tuned range; honesty: the honesty pairs' questions about known and new people")] public string? Task { get; init; }
        [CommandOption("--rewards <KIND>")][Description("checker (default); shuffled: the same rewards permuted across a step's answers (a null condition); model: a reward model scores each answer (RLHF, needs --reward-model and --task honesty)")] public string? Rewards { get; init; }
        [CommandOption("--reward-model <RUN>")][Description("The reward run (gptlab reward) whose model gives --rewards model")] public string? RewardModel { get; init; }

        [CommandOption("--max-new-tokens <N>")][Description("Longest answer in tokens, its end included (default 8, for arithmetic; honesty's answers need about 24)")] public int? MaxNewTokens { get; init; }

        [CommandOption("--data-seed <N>")][Description("Seed of the questions' split into training, validation and test (arithmetic: by operand pair; honesty: the pairs' people)")] public int? DataSeed { get; init; }
        [CommandOption("--lora <RANK>")][Description("Tune low-rank adapters of this rank on the attention and MLP projections, the SFT weights frozen (LoRA); 0 or absent: every weight")] public int? Lora { get; init; }

        public override SettingOverrides Flags => base.Flags with
        {
            DataSeed = DataSeed, MaxSteps = Steps, Group = Group, Beta = Beta, Task = Task, Rewards = Rewards, MaxNewTokens = MaxNewTokens, LoraRank = Lora,
            RewardModel = RewardModel is null ? null : RunFolders.For(RewardModel), // an absolute path: RunFolders.Root is
        };
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var request = new SettingsRequest { Stage = Stage.Rl, Profile = settings.Profile, ConfigFile = settings.Config, Flags = settings.Flags };
        if (settings.PrintConfig)
        {
            Console.WriteLine(ConfigFile.Print(ConfigResolver.Resolve(request)));
            return 0;
        }
        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var stage = RlStage.Open(RunFolder.Named(settings.Name), request, RunFolders.For(settings.Base), device,
            settings.Resume ? StartMode.Resume : StartMode.New);
        var rl = stage.Config.Rl!;
        if (!settings.Json)
            AnsiConsole.MarkupLineInterpolated($"[bold]rl[/] {settings.Name} from {settings.Base}: profile {settings.ProfileName}, {stage.TrainPrompts:N0} {rl.Task} prompts, {stage.Config.Train.BatchSize} a step × {rl.Group} answers, β {rl.Beta}, {rl.Rewards} rewards, {stage.MaxSteps} steps, {device.type}");
        var outcome = TrainingProgressView.Run(stage, ct => stage.Train(ct), settings.Json, cancellationToken);
        var (result, passBefore, passAfter) = (outcome.Training, outcome.PassBefore, outcome.PassAfter);
        if (result.Interrupted || passAfter is null) return Interruption.Report(result);

        var last = result.Evaluations.LastOrDefault();
        int[] ks = [.. new[] { 1, 2, 4, 8, 16, 32, 64 }.Where(k => k <= rl.TestSamples)];
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                step = result.Step, val_accuracy = last?.ValAccuracy, val_loss = result.ValLoss, val_kl = last?.ValKl,
                elapsed_s = Math.Round(result.ElapsedS, 1), checkpoint = result.Checkpoint, test_questions = stage.Test.Count, samples = rl.TestSamples,
                pass_before = ks.ToDictionary(k => $"pass@{k}", k => passBefore[k - 1]), pass_after = ks.ToDictionary(k => $"pass@{k}", k => passAfter[k - 1]),
            }, Json.Line));
            return 0;
        }
        var table = new Table().AddColumns($"held-out {rl.Task}", "SFT model", "after RL");
        foreach (var k in ks) table.AddRow($"pass@{k}", $"{passBefore[k - 1]:P1}", $"{passAfter[k - 1]:P1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{stage.Test.Count} held-out questions, {rl.TestSamples} answers each at temperature {rl.Temperature}; validation greedy accuracy {last?.ValAccuracy:P1}, KL to the SFT model {last?.ValKl:F4} nats per token");
        AnsiConsole.MarkupLineInterpolated($"checkpoint {result.Checkpoint}");
        AnsiConsole.MarkupLineInterpolated($"next: gptlab chat --name {settings.Name}, or gptlab eval --name {settings.Name}");
        return 0;
    }
}
