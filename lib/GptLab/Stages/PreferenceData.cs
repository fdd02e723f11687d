using GptLab.Configuration;
using GptLab.Data.Tasks;

namespace GptLab.Stages;

/// <summary>The comparisons the preference stages (DPO, the reward model) learn from, for a given SFT run.</summary>
public static class PreferenceData
{
    /// <summary>The honesty pairs for an SFT run of <paramref name="sft"/> settings, with <paramref name="pairs"/>'s sizes and seed.</summary>
    public static HonestyPairs Honesty(SftConfig sft, HonestyPairsConfig pairs) =>
        HonestyPairs.Create(FactWorld.Create(), SupervisedStage.InstructionData(sft), pairs.TrainUnknownPeople, pairs.ValidationUnknownPeople, pairs.TestUnknownPeople, pairs.DataSeed);

    /// <summary>The SFT run <paramref name="config"/> builds on must be one: a one-line error naming the fix otherwise.</summary>
    public static SftConfig RequireSft(RunConfig config, string folder, string verb) =>
        config.Stage == Stage.Sft && config.Sft is { } sft
            ? sft
            : throw new GptLabException($"the base of `gptlab {verb}` must be a supervised fine-tuning run, but {folder} is a '{config.Stage}' run: fine-tune it first with `gptlab sft --base <run>`, then pass that run to --base");
}
