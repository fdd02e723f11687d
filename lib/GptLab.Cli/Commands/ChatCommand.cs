using System.ComponentModel;
using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.IO;
using GptLab.Runtime;
using GptLab.Stages;
using GptLab.Sampling;
using GptLab.Training;
using Spectre.Console.Cli;

namespace GptLab.Cli.Commands;

/// <summary>
/// <c>gptlab chat</c>: an interactive, streaming, multi-turn conversation with a chat checkpoint, one user turn per
/// input line. After each reply, one line says how much of the context the conversation fills and which exchanges no
/// longer fit. Commands: /history (what the model saw), /reset, /temperature T, /quit. End of input ends it; Ctrl+C stops
/// the reply being written and ends it.
/// </summary>
public sealed class ChatCommand : Command<ChatCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--name <NAME>")][Description("Run under runs/ to chat with (default chat)")] public string Name { get; init; } = "chat";
        [CommandOption("--checkpoint <DIR>")][Description("A checkpoint or run folder (overrides --name)")] public string? Checkpoint { get; init; }
        [CommandOption("--temperature <T>")][Description("0 = greedy (default 0.6)")] public double Temperature { get; init; } = 0.6;
        [CommandOption("--top-k <K>")][Description("Sample among the K most likely tokens (0 = all)")] public int? TopK { get; init; } = 50;
        [CommandOption("--max-new-tokens <N>")][Description("Longest reply in tokens")] public int MaxNewTokens { get; init; } = 128;
        [CommandOption("--seed <N>")][Description("Seed of the sampling")] public long Seed { get; init; } = 1337;
        [CommandOption("--device <DEVICE>")][Description("auto (default: CUDA when available), cpu or cuda")] public string? Device { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = TorchRuntime.ResolveDevice(settings.Device);
        using var checkpoint = Training.Checkpoint.LoadLanguageModel(settings.Checkpoint ?? RunFolders.For(settings.Name), device);
        var session = new ChatSession(checkpoint.Model, SupervisedStage.TemplateFor(checkpoint.Tokenizer, checkpoint.Meta.Config), new SamplingOptions
        {
            Temperature = settings.Temperature, TopK = settings.TopK, MaxNewTokens = settings.MaxNewTokens, Seed = settings.Seed,
        });
        var interactive = !Console.IsInputRedirected;
        if (interactive)
            Console.WriteLine($"chat with {checkpoint.Folder} (stage {checkpoint.Meta.Config.Stage}, a context of {session.ContextLength} tokens). /history shows what it saw, /reset forgets, /temperature T, /quit ends.");
        while (true)
        {
            if (interactive) Console.Write("you> ");
            var line = Console.ReadLine();
            if (line is null || line.Trim() == "/quit") break; // end of input (Ctrl+D, a closed pipe) ends the session
            line = line.Trim();
            if (line.Length == 0) continue;
            if (line == "/history")
            {
                WriteHistory(session);
                continue;
            }
            if (line == "/reset")
            {
                session.Reset();
                Console.WriteLine("(conversation forgotten)");
                continue;
            }
            if (line.StartsWith("/temperature", StringComparison.Ordinal))
            {
                SetTemperature(session, line["/temperature".Length..]);
                continue;
            }
            if (line.StartsWith('/'))
            {
                Console.WriteLine($"(unknown command {line.Split(' ')[0]}: use /history, /reset, /temperature T or /quit)");
                continue;
            }
            Interruption.Stoppable("the reply stops and the session ends", () => { Reply(session, line, cancellationToken); return true; });
            if (cancellationToken.IsCancellationRequested) break; // Ctrl+C: the reply stopped, the session ends cleanly
        }
        return 0;
    }

    private static void Reply(ChatSession session, string line, CancellationToken cancellationToken)
    {
        Console.Write("assistant> ");
        foreach (var piece in session.Reply(line))
        {
            Console.Write(piece);
            if (cancellationToken.IsCancellationRequested) break;
        }
        Console.WriteLine(cancellationToken.IsCancellationRequested ? " (stopped)" : "");
        if (session.Cropped) Console.WriteLine("(your message was longer than the model's context: only its end was read)");
        Console.WriteLine($"(context: {session.TokensInUse} of {session.ContextLength} tokens{LeftOut(session)})");
    }

    // Which exchanges the last reply could not see: "exchange 1" or "exchanges 1–3", counted from the conversation's start.
    private static string LeftOut(ChatSession session) => session.LeftOutExchanges switch
    {
        0 => "",
        1 => "; exchange 1 no longer fits and was left out",
        var n => $"; exchanges 1–{n} no longer fit and were left out",
    };

    private static void WriteHistory(ChatSession session)
    {
        if (session.History.Count == 0)
        {
            Console.WriteLine("(nothing said yet)");
            return;
        }
        Console.WriteLine($"(what the model saw for its last reply, {session.TokensInUse} of {session.ContextLength} tokens{LeftOut(session)}{(session.Cropped ? "; of your message only its end" : "")})");
        foreach (var message in session.Seen)
        {
            // A cropped message can be thousands of characters: its last few say which one it was.
            var text = session.Cropped && message.Role == ChatMessage.User && message.Content.Length > 200 ? $"…{message.Content[^200..]}" : message.Content;
            Console.WriteLine($"  {(message.Role == ChatMessage.User ? "you" : "assistant")}: {text}");
        }
    }

    private static void SetTemperature(ChatSession session, string argument)
    {
        if (!double.TryParse(argument.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var t) || t < 0 || !double.IsFinite(t))
        {
            Console.WriteLine("(usage: /temperature T with T >= 0, e.g. /temperature 0.7; 0 = greedy)");
            return;
        }
        session.Options = session.Options with { Temperature = t };
        Console.WriteLine($"(temperature {t})");
    }
}
