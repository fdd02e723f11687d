using GptLab.Data.Tasks;
using GptLab.Evaluation;

namespace GptLab.Tests.Evaluation;

public class ChatReportTests
{
    private static ChatAnswer Answer(string family, bool right) =>
        new(new ChatExample(family, [ChatMessage.FromUser("q"), ChatMessage.FromAssistant("a")], family != ChatFamily.Story), right ? "a" : "b", true,
            family == ChatFamily.Story ? null : right);

    [Fact]
    public void TheOverallExactMatchLeavesOutTheUnknownFamilyAndKeepsItsRow()
    {
        var report = new ChatReport([Answer(ChatFamily.Unknown, true), Answer(ChatFamily.Unknown, true), Answer(ChatFamily.Copy, true),
            Answer(ChatFamily.Copy, false), Answer(ChatFamily.Arithmetic, false), Answer(ChatFamily.Story, false)]);
        Assert.Equal(1 / 3.0, report.ExactMatch, 12); // copy 1 of 2, arithmetic 0 of 1; "unknown" and the open-ended story not counted
        Assert.Equal(1.0, report.Family(ChatFamily.Unknown)!.ExactMatch);
        Assert.Null(report.Family(ChatFamily.Story)!.ExactMatch);
        Assert.Equal(1.0, report.FormatAdherence);
    }
}
