using GptLab.Experiments.Knowledge;
using GptLab.Experiments.Lab;
using GptLab.Experiments.Limitations;
using GptLab.Experiments.Preference;

namespace GptLab.Experiments.Catalog;

/// <summary>The experiments of the labs (limitations, knowledge, preference), by name: add one here and <c>gptlab experiment</c> runs it.</summary>
public static class ExperimentCatalog
{
    public static IReadOnlyList<IExperiment> All { get; } = [new DistributionalShift(), new Bias(), new TransitiveInference(), new Hallucination(), new Memorization(), new ScaleSweep(), new KnowledgeStorage(), new KnowledgeCutoff(), new ConversationContext(), new Creativity(), new PretrainingTransfer(), new AssistantSkills(), new LoraAgainstFull(), new HonestyTuning(), new RewardModeling(), new VerifiableRewards(), new RewardHacking(), new OrcaFit()];

    /// <summary>The experiment called <paramref name="name"/>; an unknown name lists the known ones.</summary>
    public static IExperiment Get(string name) =>
        All.FirstOrDefault(e => e.Name == name.Trim().ToLowerInvariant())
        ?? throw new GptLabException($"unknown experiment '{name}': use one of {string.Join(", ", All.Select(e => e.Name))} (gptlab experiment --list)");
}
