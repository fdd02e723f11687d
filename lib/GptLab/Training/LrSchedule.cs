using GptLab.Configuration;

namespace GptLab.Training;

/// <summary>Linear warmup, then cosine decay to a floor (nanoGPT's get_lr).</summary>
public static class LrSchedule
{
    /// <summary>Learning rate for the update that follows <paramref name="step"/> completed updates.</summary>
    public static double At(long step, TrainConfig c)
    {
        if (step < c.WarmupSteps) return c.LearningRate * (step + 1) / (c.WarmupSteps + 1);
        if (step >= c.DecaySteps) return c.MinLr;
        var progress = (double)(step - c.WarmupSteps) / Math.Max(1, c.DecaySteps - c.WarmupSteps); // 0 → 1
        var coefficient = 0.5 * (1.0 + Math.Cos(Math.PI * progress)); // 1 → 0
        return c.MinLr + coefficient * (c.LearningRate - c.MinLr);
    }
}
