using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Model;
using GptLab.Training;

namespace GptLab.Stages;

/// <summary>The comparisons the preference stages (DPO, the reward model) learn from, for a given SFT run, and the arithmetic questions DPO and RL share.</summary>
public static class PreferenceData
{
    /// <summary>The honesty pairs for an SFT run of <paramref name="sft"/> settings, with <paramref name="pairs"/>'s sizes and seed.</summary>
    public static HonestyPairs Honesty(SftConfig sft, HonestyPairsConfig pairs) =>
        HonestyPairs.Create(FactWorld.Create(), SupervisedStage.InstructionData(sft), pairs.TrainUnknownPeople, pairs.ValidationUnknownPeople, pairs.TestUnknownPeople, pairs.DataSeed);

    /// <summary>The arithmetic questions past fine-tuning's operands of <paramref name="arithmetic"/>'s settings, split by operand pair.</summary>
    public static VerifiableQuestions Arithmetic(ArithmeticQuestionsConfig arithmetic) =>
        ArithmeticBeyond.Create(arithmetic.LargestOperand, arithmetic.ValidationPairs, arithmetic.TestPairs, arithmetic.DataSeed);

    /// <summary>
    /// What a DPO run of <paramref name="config"/> learns from and is tested on: the honesty pairs; or, for task
    /// "arithmetic", pairs mined from <paramref name="sft"/>'s own answers to the training and validation questions
    /// (<see cref="OnPolicyPairs"/>), tested on the held-out operand pairs' questions. The same SFT weights and seed
    /// give the same pairs, so a resumed run learns from the pairs it started with.
    /// </summary>
    public static PreferenceSplit ForDpo(RunConfig config, Gpt sft, ChatTemplate template)
    {
        var dpo = config.Dpo ?? throw new GptLabException("the run config has no dpo section: it is not a preference tuning run");
        if (dpo.Task == DpoConfig.HonestyTask) return Honesty(config.Sft!, dpo.Pairs).Split;
        var questions = Arithmetic(dpo.Arithmetic);
        var seed = config.Train.Seed * 104_729; // apart from the test's answer seeds (RlStage.TestAnswerSeed + question)
        List<PreferencePair> Mine(IReadOnlyList<ChatExample> asked, long first) =>
            OnPolicyPairs.Mine(sft, template, asked, OperandPair, dpo.Samples, dpo.MaxNewTokens, first);
        var (train, validation) = (Mine(questions.Train, seed), Mine(questions.Validation, seed + questions.Train.Count));
        if (train.Count == 0 || validation.Count == 0)
            throw new GptLabException($"the SFT model answered {(train.Count == 0 ? $"none of the {questions.Train.Count} training" : $"none of the {questions.Validation.Count} validation")} questions " +
                $"both right and wrong in {dpo.Samples} samples, so no pair could be mined: raise dpo.samples, or dpo.max_new_tokens if its answers are cut off");
        return new PreferenceSplit(train, validation, questions.Validation, questions.Test, [.. questions.TestUnits.Select(u => u.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    // What an arithmetic question is about: its unordered operand pair ("5 + 27", "27 + 5" and "27 - 5" share one).
    private static string OperandPair(ChatExample question)
    {
        var (low, high) = ArithmeticBeyond.OperandPair(question);
        return $"{low} and {high}";
    }

    /// <summary>
    /// The run config of tuning <paramref name="sftRun"/> as <paramref name="stage"/> with <paramref name="profile"/>: the SFT
    /// run's model shape, data and sft section, the profile's training settings, precision and stage section, parent the SFT run.
    /// </summary>
    public static RunConfig Inherit(Checkpoint sftRun, RunConfig profile, string stage)
    {
        var s = sftRun.Meta.Config;
        return profile with { Model = s.Model, Data = s.Data, Sft = RequireSft(s, sftRun.Folder, stage), Stage = stage, Parent = Path.GetFullPath(sftRun.Folder) };
    }

    /// <summary>The SFT run <paramref name="config"/> builds on must be one: a one-line error naming the fix otherwise.</summary>
    public static SftConfig RequireSft(RunConfig config, string folder, string verb) =>
        config.Stage == Stage.Sft && config.Sft is { } sft
            ? sft
            : throw new GptLabException($"the base of `gptlab {verb}` must be a supervised fine-tuning run, but {folder} is a '{config.Stage}' run: fine-tune it first with `gptlab sft --base <run>`, then pass that run to --base");
}
