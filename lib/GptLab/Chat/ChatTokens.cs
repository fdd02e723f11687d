namespace GptLab.Chat;

/// <summary>
/// A conversation as token ids plus, per position, whether that token is a training target: true on the assistant's
/// words and its closing end token, false on the prompt (user turns, role tokens). Position i is predicted from
/// positions 0..i-1, so targets for inputs <c>Ids[..^1]</c> are <c>Ids[1..]</c> where <c>IsTarget[1..]</c> holds.
/// </summary>
public sealed record ChatTokens(int[] Ids, bool[] IsTarget)
{
    public int Length => Ids.Length;
}
