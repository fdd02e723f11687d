using GptLab;
using GptLab.Cli;
using GptLab.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

// gptlab: one verb per stage (nanochat style); stages hand over through files under runs/<name>/.
Interruption.Listen();

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("gptlab");
    config.PropagateExceptions();
    config.UseStrictParsing(); // an unknown option is an error, never silently ignored
    Verb<InfoCommand>(config, "info", "TorchSharp/libtorch versions, backend, devices, threads, the Linux compatibility fix");
    Verb<PrepareCommand>(config, "prepare", "Train a tokenizer and encode a corpus into train.bin/val.bin");
    Verb<PretrainCommand>(config, "pretrain", "Generative pretraining: train a GPT on a corpus, then print samples");
    Verb<ClassifyCommand>(config, "classify", "Discriminative fine-tuning: a classification head on a pretrained run, on a labelled task; --predict labels texts with a trained one");
    Verb<SftCommand>(config, "sft", "Supervised fine-tuning: turn a chat-profile base model into an assistant, then evaluate it");
    Verb<DpoCommand>(config, "dpo", "Preference tuning (DPO): teach an SFT assistant to prefer one answer over another, then test it before and after");
    Verb<RewardCommand>(config, "reward", "A reward model: an SFT run with a scalar head trained on comparisons, then its held-out pairwise accuracy");
    Verb<RlCommand>(config, "rl", "Reinforcement learning with verifiable rewards: an SFT assistant samples answers to arithmetic, the checker rewards the right ones; pass@k before and after");
    Verb<EvalCommand>(config, "eval", "Held-out chat evaluation: format adherence, exact match per task family, forgetting");
    Verb<ChatCommand>(config, "chat", "Talk to a chat model: streaming, multi-turn, /reset /temperature /quit");
    Verb<ExperimentCommand>(config, "experiment", "The lab: one controlled experiment on a limitation or a strength of language models (--list shows them), its effect with an interval and a baseline");
    Verb<ScoreCommand>(config, "score", "Loss of a trained model on text files: how unlike its training data each one is");
    Verb<SampleCommand>(config, "sample", "Generate text from a checkpoint");
    Verb<ImportCommand>(config, "import", "A model trained elsewhere as a run: a Hugging Face GPT-2 folder (gpt2) or a nanoGPT export (nanogpt)");
    Verb<ExportCommand>(config, "export", "A run's checkpoint for PyTorch: Hugging Face GPT-2 layout (hf) or nanoGPT's (nanogpt)");
    Verb<BenchCommand>(config, "bench", "Measure training and sampling speed, memory and leaks");
});

try
{
    var code = app.Run(args, Interruption.Token);
    return code == 0 && Interruption.Requested ? Interruption.ExitCode : code; // a signal during the work after training
}
catch (GptLabException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (CommandAppException e)
{
    Console.Error.WriteLine($"error: {UsageErrors.Explain(e, args)}");
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

// Registers a verb, and its options for the "did you mean" of a mistyped one.
static void Verb<TCommand>(IConfigurator config, string name, string description) where TCommand : class, ICommand
{
    config.AddCommand<TCommand>(name).WithDescription(description);
    UsageErrors.Register(name, typeof(TCommand));
}
