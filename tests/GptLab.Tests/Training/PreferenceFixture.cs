using GptLab.Data.Tasks;

namespace GptLab.Tests.Training;

/// <summary>Preference pairs a small model learns in seconds, for the DPO and reward model tests.</summary>
internal static class PreferenceFixture
{
    private static readonly string[] Words = ["red", "cat", "sun", "dog", "mat", "sat", "the", "on", "big", "hat", "run", "box"];

    /// <summary>"Repeat: a b": the copy preferred to one that runs on ("a b b"); every seventh pair held out for validation.</summary>
    public static (List<PreferencePair> Train, List<PreferencePair> Validation) Pairs()
    {
        var pairs = Words.SelectMany(a => Words.Where(b => b != a).Select(b =>
            new PreferencePair("copy", [ChatMessage.FromUser($"Repeat: {a} {b}")], $"{a} {b}", $"{a} {b} {b}", a))).ToList();
        return ([.. pairs.Where((_, i) => i % 7 != 0)], [.. pairs.Where((_, i) => i % 7 == 0)]);
    }
}
