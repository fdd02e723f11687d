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
/// LoRA against fine-tuning every weight, on the course assistant (notebook 09): per seed, the course chat base fine-tuned
/// with the profile's SFT recipe (the course assistant, <see cref="CourseModels.Assistant"/>) and again with LoRA adapters
/// at the rank and learning rate chosen on the validation split (docs/results/recipes/README.md), both asked the same
/// held-out test prompts. Per family: each arm's exact match and LoRA − full, paired by prompt; what each forgot (the
/// base's pretraining loss afterwards); what each trained (parameters) and its seconds per step. With <c>--seeds N</c>
/// the unit is the seed: a chat base and both fine-tunings each.
/// </summary>
public sealed class LoraAgainstFull : IExperiment
{
    /// <summary>
    /// The adapters' rank for a model <paramref name="width"/> wide: a quarter of it, 32 for the cpu profile's 128, chosen
    /// on the validation split of seed 1337 (docs/results/recipes/README.md); the tiny profile's 64 gets 16.
    /// </summary>
    public static int RankFor(long width) => (int)Math.Max(1, width / 4);

    /// <summary>LoRA's peak learning rate, chosen with the rank; the rest is the profile's SFT recipe.</summary>
    public const double LearningRate = 0.002;

    // The families with one right answer (docs/chat.md's order), "unknown" aside: its one fixed answer is learnt by both.
    private static readonly string[] Families = [ChatFamily.Arithmetic, ChatFamily.Copy, ChatFamily.Reverse, ChatFamily.Uppercase, ChatFamily.Facts, ChatFamily.Context];

    public static IReadOnlyList<string> Arms { get; } = ["full", "lora"];

    public string Name => "lora";

    public string Summary => $"LoRA (rank a quarter of the width) against fine-tuning every weight on the course assistant: each family's exact match on the same test prompts, forgetting, parameters and seconds per step";

    public ExperimentResult Run(ExperimentContext context)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (full, data) = CourseModels.Assistant(context.Profile, context.Device, context.Report, seed: context.Seed);
        using var _ = full;
        using var chatBase = CourseModels.ChatBase(context.Profile, context.Device, seed: context.Seed);
        var settings = CourseModels.AssistantSettings(context.Profile, context.Seed);
        var rank = RankFor(chatBase.Model.Config.NEmbd);
        var lora = settings with { Train = settings.Train.WithLearningRate(LearningRate) with { LoraRank = rank } }; // as `gptlab sft --lora R --lr L`
        context.Report?.Invoke($"fine-tuning with LoRA rank {rank} at {LearningRate}");
        using (var stage = SupervisedStage.Open(RunFolder.At(Path.Combine(context.Folder, "lora")), SettingsRequest.For(lora), chatBase.Folder, context.Device, StartMode.Replace, "the lora experiment"))
        {
            stage.StepCompleted += StepReports.Every100(context.Report, "fine-tuning with LoRA");
            stage.Train(test: false);
        }
        using var adapted = Checkpoint.Load(Path.Combine(context.Folder, "lora"), context.Device);

        context.Report?.Invoke("asking both the test prompts");
        var template = SupervisedStage.TemplateFor(full.Tokenizer, full.Meta.Config);
        var world = FactWorld.Create(FactWorld.DefaultSeed);
        var reports = new[] { full, adapted }.Select(c => ChatEvaluation.Run(c.Model, template, data.Test)).ToArray();
        var measures = new List<ExperimentMeasure>();
        var asked = Families.Where(f => data.Test.Any(e => e.Family == f)).ToList();
        var scores = Arms.Select(_ => new List<ExperimentMeasure>()).ToArray(); // per arm, per family asked: the chart's bars
        foreach (var family in asked)
        {
            var answers = reports.Select(r => r.Answers.Where(a => a.Example.Family == family).ToList()).ToArray();
            var units = AssistantSkills.Units(family, answers[0], world);
            var right = answers.Select(a => a.Select(x => x.Correct == true).ToArray()).ToArray();
            for (var arm = 0; arm < Arms.Count; arm++) scores[arm].Add(ExperimentMeasure.Share($"{Arms[arm]}: {family}", right[arm], units: units));
            measures.AddRange(scores.Select(s => s[^1]));
            measures.Add(ExperimentMeasure.PairedDifference($"lora − full: {family}", [.. right[1].Select(Number)], [.. right[0].Select(Number)], context.Seed,
                "share of questions (paired by prompt)", units) with { Bounds = (-1, 1) });
        }
        var pretrainingLoss = ExperimentMeasure.Exact("forgetting: pretraining val loss of the base", SupervisedStage.PretrainingValLoss(chatBase.Model, chatBase, context.Device), "nats per token");
        measures.Add(pretrainingLoss);
        foreach (var (arm, checkpoint) in Arms.Zip(new[] { full, adapted }))
        {
            measures.Add(ExperimentMeasure.Exact($"forgetting: {arm}", SupervisedStage.PretrainingValLoss(checkpoint.Model, chatBase, context.Device) - pretrainingLoss.Value, "nats per token more than the base"));
            measures.Add(ExperimentMeasure.Exact($"trained parameters: {arm}", checkpoint.Model.TrainableParameters().Sum(p => p.Parameter.numel()), "numbers"));
            measures.Add(ExperimentMeasure.Exact($"seconds per step: {arm}", checkpoint.Meta.ElapsedS / Math.Max(1, checkpoint.Meta.Step), "seconds (this machine, evaluations included)"));
        }
        return new ExperimentResult
        {
            Experiment = Name, Profile = context.Profile, Seed = context.Seed,
            Effect = $"LoRA rank {rank} (learning rate {LearningRate}) against fine-tuning every weight: each family's exact match on the same held-out prompts (LoRA − full paired by prompt), and the pretraining loss each adds",
            Measures = measures,
            Baseline = ExperimentMeasure.Exact("the base's pretraining val loss (what forgetting adds to)", pretrainingLoss.Value, "nats per token"),
            HeldOut = "the course assistant's test split of this seed: prompts never asked in mid-training or fine-tuning in any wording",
            ElapsedS = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Charts = [("lora-families", Charts.GroupedBar(asked, scores.Select((s, arm) =>
                new BarSeries(arm == 0 ? "every weight" : $"LoRA rank {rank}", [.. s.Select(m => m.Value)], [.. s.Select(m => m.Low)], [.. s.Select(m => m.High)])),
                $"The {context.Profile} assistant fine-tuned two ways, held-out prompts (95% intervals)", "share answered exactly"))],
        };
    }

    private static double Number(bool right) => right ? 1 : 0;
}
