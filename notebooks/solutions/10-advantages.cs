// Solution to notebook 10's exercise, "the group's advantage". AdvantageCheckTests runs it through AdvantageCheck (it
// must pass), beside wrong advantages (they must fail). Open it once your own version runs.
namespace GptLab.Solutions;

public static class AdvantagesSolution
{
    public static float[] MyAdvantages(float[] rewards, int group)
    {
        var advantages = new float[rewards.Length];
        for (var start = 0; start < rewards.Length; start += group)
        {
            // The group's mean reward is the baseline: an answer is pushed up only for beating its own prompt's others.
            var mean = rewards.Skip(start).Take(group).Average();
            for (var i = start; i < start + group; i++) advantages[i] = rewards[i] - mean;
        }
        return advantages;
    }
}
