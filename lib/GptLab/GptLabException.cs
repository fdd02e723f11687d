namespace GptLab;

/// <summary>
/// An error the user can fix. The message is one line that names the problem and the fix;
/// the CLI prints it without a stack trace and exits non-zero.
/// </summary>
public sealed class GptLabException : Exception
{
    public GptLabException(string message) : base(message) { }

    public GptLabException(string message, Exception inner) : base(message, inner) { }
}
