using System.Diagnostics;
using System.Text.RegularExpressions;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.IO;
using GptLab.Plots;
using GptLab.Stages;
using GptLab.Training;

namespace GptLab.Experiments.Knowledge;

/// <summary>
/// The course assistant as a researcher would report it: per seed, a chat base pretrained and fine-tuned with the
/// profile's recipe (<c>gptlab pretrain --profile chat-P</c>, then <c>gptlab sft --profile P</c>) on an instruction set
/// whose data seed is the training seed, so every seed draws a fresh validation and test split. Each family's exact
/// match on the test prompts stands beside chance and the majority answer; the validation scores are the ones recipes
/// are compared on. With <c>--seeds N</c> the unit is the seed: a base and a fine-tuning each.
/// </summary>
public sealed class AssistantSkills : IExperiment
{
    // The families with one right answer, in the order docs/chat.md describes them.
    private static readonly string[] Families =
        [ChatFamily.Arithmetic, ChatFamily.Copy, ChatFamily.Reverse, ChatFamily.Uppercase, ChatFamily.Facts, ChatFamily.Unknown, ChatFamily.Context];

    public string Name => "assistant";

    public string Summary => "the assistant's skills and facts on a fresh test split per seed (base + SFT each), against chance and the majority answer";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = Stopwatch.StartNew();
        var training = Stopwatch.StartNew(); // both stages with their data preparation, not the evaluations
        var (baseConfig, sftConfig) = Recipe(context);
        var baseRun = RunFolder.At(Path.Combine(context.Folder, "base")).Create();
        using (var stage = PretrainingStage.Open(baseRun, SettingsRequest.For(baseConfig), context.Device, StartMode.Replace, new PretrainingInputs { Owner = "the assistant experiment's base" }))
        {
            stage.StepCompleted += StepReports.Every100(context.Report, "pretraining the chat base");
            stage.Train();
        }
        using var chatBase = Checkpoint.Load(baseRun.Path, context.Device);

        var sftRun = RunFolder.At(Path.Combine(context.Folder, "sft"));
        using var sft = SupervisedStage.Open(sftRun, SettingsRequest.For(sftConfig), chatBase.Folder, context.Device, StartMode.Replace, "the assistant experiment's fine-tuning");
        var (data, template) = (sft.Data, sft.Template);
        training.Stop();
        context.Report?.Invoke("asking the base model the test prompts");
        var before = ChatEvaluation.Run(chatBase.Model, template, data.Test);
        sft.StepCompleted += StepReports.Every100(context.Report, "fine-tuning");
        training.Start();
        sft.Train(test: false);
        training.Stop();
        context.Report?.Invoke("asking the assistant the validation and test prompts");
        var test = ChatEvaluation.Run(sft.Model, template, data.Test);
        var validation = ChatEvaluation.Run(sft.Model, template, data.Validation);

        var world = FactWorld.Create(FactWorld.DefaultSeed);
        var dataSeed = sftConfig.Sft!.DataSeed;
        var measures = new List<ExperimentMeasure>();
        foreach (var family in Families.Where(f => data.Test.Any(e => e.Family == f)))
        {
            measures.Add(Score($"test: {family}", test, family, world));
            measures.Add(Baseline($"majority: {family}", AnswerBaselines.Majority(family, data.Train, data.Test, world)!.Value, "always the kind's most common training answer"));
            if (AnswerBaselines.Chance(family, data.Test, world, dataSeed) is { } chance)
                measures.Add(Baseline($"chance: {family}", chance, "a uniform guess among the kind's answers"));
            measures.Add(Score($"validation: {family}", validation, family, world));
        }
        measures.Add(ExperimentMeasure.Share("test: every family but unknown", Right(test, a => a.Example.Family != ChatFamily.Unknown)));
        measures.Add(Score("base before fine-tuning: facts", before, ChatFamily.Facts, world));
        measures.Add(ExperimentMeasure.Share("test: well-formed answers", [.. test.Answers.Select(a => a.WellFormed)], "share of answers"));
        measures.Add(ExperimentMeasure.Exact("forgetting: pretraining val loss of the base", SupervisedStage.PretrainingValLoss(chatBase.Model, chatBase, context.Device), "nats per token"));
        measures.Add(ExperimentMeasure.Exact("forgetting: pretraining val loss after fine-tuning", SupervisedStage.PretrainingValLoss(sft.Model, chatBase, context.Device), "nats per token"));
        measures.Add(ExperimentMeasure.Exact("training minutes: base + fine-tuning", training.Elapsed.TotalMinutes, "minutes (this machine, this run)"));

        var majority = measures.First(m => m.Name == $"majority: {ChatFamily.Facts}");
        return new ExperimentResult
        {
            Experiment = Name,
            Profile = context.Profile,
            Seed = context.Seed,
            Effect = "each family's exact match on held-out test prompts against chance and the majority answer; held-out facts (stated in pretraining, never asked in training) against the kind's most common value",
            Measures = measures,
            Baseline = majority with { Name = "facts: always the kind's most common value (majority)" },
            HeldOut = "a fresh split per seed (the instruction set's data seed is the training seed); test items are never asked in mid-training or fine-tuning in any wording: problems by unordered pair of operands, word lists, facts (stated in pretraining only), unknown names, context values, stories",
            ElapsedS = clock.Elapsed.TotalSeconds,
            Charts = [("families", Chart(context.Profile, measures))],
        };
    }

    /// <summary>
    /// The profile's base and fine-tuning settings with this seed: the training seeds and the instruction set's data seed
    /// (mid-training and fine-tuning must share it).
    /// </summary>
    public static (RunConfig Base, RunConfig Sft) Recipe(ExperimentContext context)
    {
        var chatBase = Presets.For(Stage.Base, $"chat-{context.Profile}");
        var sft = ConfigResolver.Resolve(Stage.Sft, context.Profile);
        return (chatBase with
        {
            Train = chatBase.Train with { Seed = context.Seed },
            Data = chatBase.Data with { Instructions = chatBase.Data.Instructions is { } mix ? mix with { DataSeed = context.DataSeed } : null },
        }, sft with { Train = sft.Train with { Seed = context.Seed }, Sft = sft.Sft! with { DataSeed = context.DataSeed } });
    }

    // A baseline's share: exact for one split, a share (0 to 1) when averaged across seeds.
    private static ExperimentMeasure Baseline(string name, double share, string what) =>
        ExperimentMeasure.Exact(name, share, $"share of questions ({what})") with { Bounds = ExperimentMeasure.Probability };

    // A family's exact match, resampled by its unit (Units).
    private static ExperimentMeasure Score(string name, ChatReport report, string family, FactWorld world)
    {
        var answers = report.Answers.Where(a => a.Example.Family == family).ToList();
        return ExperimentMeasure.Share(name, [.. answers.Select(a => a.Correct == true)], units: Units(family, answers, world));
    }

    /// <summary>
    /// The unit each answer of <paramref name="family"/> belongs to: facts by person (several facts of one person are
    /// asked), sums by unordered operand pair; null where each prompt is its own.
    /// </summary>
    internal static int[]? Units(string family, IReadOnlyList<ChatAnswer> answers, FactWorld world) => family switch
    {
        ChatFamily.Facts => UnitLabels.Of(answers.Select(a => world.FactAnswered(a.Example.Reference)!.Name)),
        ChatFamily.Arithmetic => UnitLabels.Of(answers.Select(a => string.Join(',', Regex.Matches(a.Example.Prompt[^1].Content, @"\d+").Select(m => int.Parse(m.Value)).Order()))),
        _ => null,
    };

    private static bool[] Right(ChatReport report, Func<ChatAnswer, bool> where) =>
        [.. report.Answers.Where(a => a.Correct is not null && where(a)).Select(a => a.Correct == true)];

    private static Plotly.NET.GenericChart Chart(string profile, IReadOnlyList<ExperimentMeasure> measures)
    {
        var families = Families.Where(f => f != ChatFamily.Unknown && measures.Any(m => m.Name == $"test: {f}")).ToArray();
        ExperimentMeasure? Find(string name) => measures.FirstOrDefault(m => m.Name == name);
        var scores = families.Select(f => Find($"test: {f}")!).ToList();
        return Charts.GroupedBar(families,
        [
            new BarSeries("the assistant (test)", [.. scores.Select(m => m.Value)], [.. scores.Select(m => m.Low)], [.. scores.Select(m => m.High)]),
            new BarSeries("majority answer", [.. families.Select(f => Find($"majority: {f}")!.Value)]),
            new BarSeries("chance (0: no small pool to guess from)", [.. families.Select(f => Find($"chance: {f}")?.Value ?? 0)]),
        ], $"The {profile} assistant on held-out prompts (95% intervals)", "share answered exactly");
    }
}
