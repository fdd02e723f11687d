using System.Text.RegularExpressions;

namespace GptLab.Data.Tasks;

/// <summary>
/// The "story" family: a story's first sentence → its next one to three sentences (at most
/// <see cref="MaxChars"/> characters, cut at a sentence end). Open-ended, so <see cref="ChatExample.ExactAnswer"/>
/// is false: the reference is one good answer among many. Held-out stories are never used in training.
/// </summary>
internal static partial class StoryTask
{
    /// <summary>Longest opening sentence, and longest continuation, kept.</summary>
    public const int MaxChars = 300;

    private const int MaxSentences = 3;

    private static readonly string[] Wordings =
        ["Tell me a story that starts with: {start}", "Continue this story: {start}", "What happens next in this story? {start}"];

    public static InstructionSet Draw(InstructionSetOptions options, Random rng)
    {
        // Many stories open with the same sentence; keep the first of each, so a held-out prompt is never a training one.
        var stories = options.Stories.Select(Cut).OfType<(string Start, string Next)>().DistinctBy(s => s.Start).ToList();
        if (stories.Count == 0) return new InstructionSet([], [], []);
        int fifth = stories.Count / 5;
        var (train, validation, test) = TaskPool<(string Start, string Next)>.Split(stories,
            Math.Min(options.ValidationPerFamily, fifth), Math.Min(options.TestPerFamily, fifth), rng, ChatFamily.Story, "stories");
        return new TaskPool<(string Start, string Next)>(train, validation, test, Wordings.Length, (story, wording) =>
            new ChatExample(ChatFamily.Story, [ChatMessage.FromUser(Wordings[wording].Replace("{start}", story.Start)),
                ChatMessage.FromAssistant(story.Next)], ExactAnswer: false)).Draw(options, rng);
    }

    /// <summary>The first sentence and the sentences after it, or null when the story is too short or its sentences too long.</summary>
    private static (string Start, string Next)? Cut(string story)
    {
        var sentences = SentenceEnd().Split(Whitespace().Replace(story.Trim(), " "));
        if (sentences.Length < 2 || sentences[0].Length > MaxChars || sentences[1].Length > MaxChars || !Ends(sentences[1])) return null;
        var next = sentences[1];
        foreach (var sentence in sentences.Skip(2).Take(MaxSentences - 1))
        {
            if (next.Length + 1 + sentence.Length > MaxChars || !Ends(sentence)) break;
            next += " " + sentence;
        }
        return (sentences[0], next);
    }

    // A story cut off mid-sentence (the last one of a truncated file) must not end the reference.
    private static bool Ends(string sentence) => sentence.TrimEnd('"', '\'') is [.., '.' or '!' or '?'];

    // A space after ".", "!" or "?", possibly closing a quote: He said, "Stop!" She stopped.
    [GeneratedRegex("""(?<=[.!?]["']?) """)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
