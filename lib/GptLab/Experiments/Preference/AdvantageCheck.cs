using GptLab.Training;

namespace GptLab.Experiments.Preference;

/// <summary>
/// Checks a learner's group advantages (notebook 10's RL exercise) against <see cref="GroupRewardObjective.Advantages"/>
/// on random groups of 0/1 rewards. It says whether the two agree and, when they do not, what kind of mistake it is,
/// never what the right values are.
/// </summary>
public static class AdvantageCheck
{
    /// <summary>Advantages of rewards laid out as consecutive groups of <c>group</c> answers to the same prompt.</summary>
    public delegate float[] Advantages(float[] rewards, int group);

    /// <summary>Whether <paramref name="mine"/> equals the library's advantages answer by answer (to 1e-5), and a hint when it does not.</summary>
    public static (bool Right, string Message) Compare(Advantages mine)
    {
        var random = new Random(2024);
        foreach (var group in new[] { 4, 8 })
        {
            // Six prompts' groups; the first all right and the second all wrong (groups that teach nothing).
            var rewards = Enumerable.Range(0, 6 * group).Select(i => i < group ? 1f : i < 2 * group ? 0f : random.Next(2)).ToArray();
            float[] yours;
            try
            {
                yours = mine([.. rewards], group);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (false, $"Not yet: your function threw {e.GetType().Name} ({e.Message.Split('\n')[0]}).");
            }
            if (yours.Length != rewards.Length)
                return (false, $"Not yet: you gave {yours.Length} advantages for {rewards.Length} answers; every answer needs one.");
            var expected = GroupRewardObjective.Advantages(rewards, group, out _);
            if (yours.Zip(expected).Any(p => Math.Abs(p.First - p.Second) > 1e-5))
                return (false, yours.Take(2 * group).Any(a => a != 0)
                    ? "Not yet: a group whose answers were all rewarded alike should teach nothing. What is each answer's baseline?"
                    : $"Not yet: your values differ with groups of {group}. Is each answer compared with its own group only?");
        }
        return (true, "Right: your advantages are the library's for every answer, with groups of 4 and of 8.");
    }
}
