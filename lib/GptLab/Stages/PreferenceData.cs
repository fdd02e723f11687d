using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Training;

namespace GptLab.Stages;

/// <summary>The comparisons the preference stages (DPO, the reward model) learn from, for a given SFT run.</summary>
public static class PreferenceData
{
    /// <summary>The honesty pairs for an SFT run of <paramref name="sft"/> settings, with <paramref name="pairs"/>'s sizes and seed.</summary>
    public static HonestyPairs Honesty(SftConfig sft, HonestyPairsConfig pairs) =>
        HonestyPairs.Create(FactWorld.Create(), SupervisedStage.InstructionData(sft), pairs.TrainUnknownPeople, pairs.ValidationUnknownPeople, pairs.TestUnknownPeople, pairs.DataSeed);

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
