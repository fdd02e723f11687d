using System.Text.Json;

namespace GptLab.Tests.Cli;

/// <summary>A chat-tiny base model pretrained once through the real CLI (<c>runs/chat-base</c> in a temp runs folder), shared by the tests that fine-tune it (<see cref="ChatTinyBaseCollection"/>).</summary>
public sealed class ChatTinyBase
{
    public ChatTinyBase()
    {
        Runs = TestPaths.NewTempFolder("chat-runs");
        Pretrain = CliRunner.Run(Runs, "pretrain", "--profile", "chat-tiny", "--name", "chat-base", "--json");
    }

    /// <summary>The GPTLAB_RUNS folder holding <c>chat-base</c>.</summary>
    public string Runs { get; }

    internal CliRunner.Result Pretrain { get; }

    /// <summary>
    /// <c>gptlab experiment <paramref name="experiment"/> --profile tiny --json</c> in a fresh runs folder where this base is
    /// the course's chat base (<c>course-chat-tiny</c>), so the experiment loads it instead of training one: the runs
    /// folder, the result and its measures by name, every measure checked to lie inside its interval.
    /// </summary>
    internal (string Runs, JsonElement Result, Dictionary<string, JsonElement> Measures) ExperimentOnCourseBase(string experiment)
    {
        Assert.True(Pretrain.ExitCode == 0, Pretrain.Stderr);
        var runs = TestPaths.NewTempFolder(experiment);
        TestPaths.CopyFolder(Path.Combine(Runs, "chat-base"), Path.Combine(runs, "course-chat-tiny"));
        var run = CliRunner.Run(runs, "experiment", experiment, "--profile", "tiny", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonDocument.Parse(run.LastLine).RootElement;
        var measures = result.GetProperty("measures").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.All(measures.Values, m => Assert.InRange(m.GetProperty("value").GetDouble(), m.GetProperty("low").GetDouble() - 1e-9, m.GetProperty("high").GetDouble() + 1e-9));
        return (runs, result, measures);
    }
}
