using GptLab;
using GptLab.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

// gptlab: one verb per stage (nanochat style); stages hand over through files under runs/<name>/.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested) return; // a second Ctrl+C ends the process at once
    e.Cancel = true;
    cancellation.Cancel();
    Console.Error.WriteLine("stopping after the current step; training saves a checkpoint first (Ctrl+C again to abort at once)");
};

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("gptlab");
    config.PropagateExceptions();
    config.AddCommand<InfoCommand>("info").WithDescription("TorchSharp/libtorch versions, backend, devices, threads, the Linux compatibility fix");
    config.AddCommand<PrepareCommand>("prepare").WithDescription("Train a tokenizer and encode a corpus into train.bin/val.bin");
    config.AddCommand<PretrainCommand>("pretrain").WithDescription("Generative pretraining: train a GPT on a corpus, then print samples");
    config.AddCommand<ClassifyCommand>("classify").WithDescription("Discriminative fine-tuning: a classification head on a pretrained run, on a labelled task");
    config.AddCommand<SftCommand>("sft").WithDescription("Supervised fine-tuning: turn a chat-profile base model into an assistant, then evaluate it");
    config.AddCommand<EvalCommand>("eval").WithDescription("Held-out chat evaluation: format adherence, exact match per task family, forgetting");
    config.AddCommand<ChatCommand>("chat").WithDescription("Talk to a chat model: streaming, multi-turn, /reset /temperature /quit");
    config.AddCommand<SampleCommand>("sample").WithDescription("Generate text from a checkpoint");
    config.AddCommand<BenchCommand>("bench").WithDescription("Measure training and sampling speed, memory and leaks");
});

try
{
    return app.Run(args, cancellation.Token);
}
catch (GptLabException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (CommandAppException e)
{
    Console.Error.WriteLine($"error: {e.Message} (see gptlab --help)");
    return 2;
}
catch (OutOfMemoryException)
{
    Console.Error.WriteLine("error: out of memory: use a smaller --batch-size or --block-size, or --profile tiny");
    return 1;
}
catch (Exception e) when (Environment.GetEnvironmentVariable("GPTLAB_DEBUG") != "1")
{
    Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message.Split('\n')[0]} (set GPTLAB_DEBUG=1 for the stack trace and report it)");
    return 70;
}
