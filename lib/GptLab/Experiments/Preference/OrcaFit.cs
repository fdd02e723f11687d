using System.Diagnostics;
using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;
using GptLab.Stages;
using GptLab.Tokenization;

namespace GptLab.Experiments.Preference;

/// <summary>
/// Could the course assistant learn from the shipped Orca DPO pairs (<see cref="OrcaPairs"/>), the kind of public
/// preference data real models are tuned on? A pair can teach DPO only when its prompt and both answers fit the model's
/// context (<c>DpoObjective</c> leaves the others out), so this measures, with the assistant's own tokenizer and
/// context: how many Orca pairs fit, how many prompts alone fit, and how long a pair is; against the honesty pairs the
/// course tunes on (the baseline, every one of which fits by construction), and against GPT-2's tokenizer and context, a
/// model of the size such data is used with (none can be fetched here). Nothing is trained; the unit is the pair.
/// </summary>
public sealed class OrcaFit : IExperiment
{
    /// <summary>GPT-2's context in tokens (Radford et al. 2019), a model size such pairs are used with.</summary>
    public const int Gpt2Context = 1024;

    public string Name => "orca-pairs";

    public string Summary => "the shipped Orca DPO pairs against the course assistant's context: how many fit, how many prompts alone fit, how long a pair is, beside the honesty pairs";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var (assistant, _) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _1 = assistant;
        var template = SupervisedStage.TemplateFor(assistant.Tokenizer, assistant.Meta.Config);
        var window = assistant.Model.Config.BlockSize;
        var orca = OrcaPairs.Load(RepoPaths.Resolve(OrcaPairs.DefaultPath));
        var honesty = PreferenceData.Honesty(assistant.Meta.Config.Sft!, ConfigResolver.Resolve(Stage.Dpo, context.Profile).Dpo!.Pairs).Train;

        // A next-token objective reads a conversation's tokens but the last: block size + 1 fit.
        static int Longer(ChatTemplate template, PreferencePair p) => Math.Max(template.Render(p.WithChosen).Length, template.Render(p.WithRejected).Length);
        bool Fits(int tokens) => tokens <= window + 1;
        var orcaTokens = orca.Select(p => Longer(template, p)).ToArray();
        var lengths = orcaTokens.Order().Select(n => (double)n).ToArray();
        // A model these pairs were made for: GPT-2's tokenizer with the chat tokens added, and GPT-2's context.
        var gpt2 = new ChatTemplate(new Gpt2Tokenizer([SpecialTokens.User, SpecialTokens.Assistant, SpecialTokens.End]));
        var measures = new List<ExperimentMeasure>
        {
            ExperimentMeasure.Share("honesty pairs that fit the context", [.. honesty.Select(p => Fits(Longer(template, p)))], "share of pairs (1 by construction: the course's own short questions)"),
            ExperimentMeasure.Share("Orca pairs that fit the context", [.. orcaTokens.Select(Fits)], "share of pairs"),
            ExperimentMeasure.Share("Orca pairs whose prompt alone fits the context", [.. orca.Select(p => template.RenderPrompt(p.Prompt).Length <= window)], "share of pairs"),
            ExperimentMeasure.Exact("Orca pairs: tokens of the prompt and the longer answer, median", Median.Of(lengths), "tokens (the assistant's tokenizer)"),
            ExperimentMeasure.Exact("the assistant's context", window, "tokens (by construction: the profile's block size)"),
            ExperimentMeasure.Share($"Orca pairs that fit GPT-2's context ({Gpt2Context} tokens of its tokenizer)", [.. orca.Select(p => Longer(gpt2, p) <= Gpt2Context + 1)], "share of pairs"),
        };
        double[] ranks = [.. Enumerable.Range(1, lengths.Length).Select(r => (double)r)];
        var chart = Charts.Lines(
        [
            new Series("Orca pairs, shortest first", ranks, lengths),
            new Series("the assistant's context", [1, lengths.Length], [window, window]),
        ], $"Tokens per Orca pair against the {context.Profile} assistant's context", "pair (by length)", "tokens", logX: false);
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = "the share of the shipped Orca DPO pairs whose prompt and both answers fit the course assistant's context (with its own tokenizer), and of their prompts alone, beside the honesty pairs DPO tunes on, and the share that fits GPT-2's context with its tokenizer; 95% Wilson intervals over pairs",
            Measures = measures,
            Baseline = measures[0],
            HeldOut = "nothing is trained: the pairs are only tokenised and counted",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("tokens-per-pair", chart)],
        };
    }
}
