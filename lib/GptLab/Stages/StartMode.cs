namespace GptLab.Stages;

/// <summary>What a stage does with a run folder that already holds a checkpoint.</summary>
public enum StartMode
{
    /// <summary>Start a new run; an existing checkpoint is refused, never overwritten (the CLI's default).</summary>
    New,

    /// <summary>Continue the run's checkpoint exactly where it stopped (<c>--resume</c>); none is an error.</summary>
    Resume,

    /// <summary>Continue the checkpoint when there is one, else start: a course model that a closed notebook interrupted.</summary>
    Continue,

    /// <summary>Train anew over whatever the folder holds: a notebook run again, a lab condition, a benchmark round.</summary>
    Replace,
}
