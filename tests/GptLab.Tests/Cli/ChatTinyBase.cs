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
}
