using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Sampling;

namespace GptLab.Tests.Chat;

public class ChatSessionTests
{
    [Fact]
    public void LongConversationsDropTheOldestTurnsInsteadOfFailing()
    {
        using var model = ChatFixture.NewModel(blockSize: 48);
        var session = new ChatSession(model, ChatFixture.Template, new SamplingOptions { MaxNewTokens = 8, Seed = 5 });
        for (var turn = 0; turn < 6; turn++)
        {
            _ = string.Concat(session.Reply($"Repeat: the cat sat on the mat {turn}"));
            Assert.Equal(2 * (turn + 1), session.History.Count);
            Assert.Equal(ChatMessage.Assistant, session.History[^1].Role);
            // What the reply saw: the newest whole exchanges, whose tokens and the reply's fill at most the context.
            var seen = session.Seen;
            Assert.Equal(session.History.Skip(session.LeftOutMessages), seen);
            Assert.Equal(ChatMessage.User, seen[0].Role);
            var prompt = ChatFixture.Template.RenderPrompt([.. seen.Take(seen.Count - 1)]).Length;
            Assert.InRange(session.TokensInUse, prompt + 1, session.ContextLength);
        }
        Assert.True(session.LeftOutMessages > 0, "48 tokens cannot hold six turns: old ones must be left out");
        Assert.Equal(0, session.LeftOutMessages % 2); // whole exchanges, so the prompt starts with a user turn
        Assert.Equal(session.LeftOutMessages / 2, session.LeftOutExchanges);
        Assert.False(session.Cropped);
        session.Reset();
        Assert.Equal((0, 0), (session.TokensInUse, session.Seen.Count));
    }

    [Fact]
    public void AnOverLongMessageIsCroppedAndResetForgets()
    {
        using var model = ChatFixture.NewModel(blockSize: 32);
        var session = new ChatSession(model, ChatFixture.Template, new SamplingOptions { MaxNewTokens = 8 });
        var reply = string.Concat(session.Reply(string.Join(' ', Enumerable.Repeat("the cat sat on the mat", 30))));
        Assert.True(session.Cropped);
        Assert.Equal(reply, session.History[^1].Content);
        session.Reset();
        Assert.Empty(session.History);
        // Megabytes pasted in: only the end a context could read is kept and encoded.
        var pasted = new string('x', 3_000_000) + " the end";
        _ = string.Concat(session.Reply(pasted));
        Assert.True(session.Cropped);
        Assert.EndsWith(" the end", session.History[0].Content);
        Assert.Equal(32 * 256, session.History[0].Content.Length);
    }

    [Fact]
    public void SameSeedSameReplies()
    {
        using var model = ChatFixture.NewModel();
        string[] Talk() 
        {
            var s = new ChatSession(model, ChatFixture.Template, new SamplingOptions { MaxNewTokens = 10, Temperature = 1.0, Seed = 9 });
            return [string.Concat(s.Reply("What is two plus three?")), string.Concat(s.Reply("Repeat: red cat"))];
        }
        Assert.Equal(Talk(), Talk());
    }
}
