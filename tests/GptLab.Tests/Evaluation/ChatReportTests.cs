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

    private static ChatExample Example(string family, string answer) => new(family, [ChatMessage.FromUser("q"), ChatMessage.FromAssistant(answer)]);

    [Fact]
    public void EachFamilyCarriesItsIntervalAndTheMajorityAnswersShare()
    {
        ChatExample[] training = [Example(ChatFamily.Facts, "Acme."), Example(ChatFamily.Facts, "Acme."), Example(ChatFamily.Facts, "Zeno."), Example(ChatFamily.Copy, "Zeno.")];
        ChatAnswer[] answers =
        [
            new(Example(ChatFamily.Facts, "Acme."), "Acme.", true, true), new(Example(ChatFamily.Facts, "Zeno."), "Acme.", true, false),
            new(Example(ChatFamily.Facts, "Bolt."), "Bolt.", true, true), new(Example(ChatFamily.Facts, "Acme."), "Acme.", true, true),
            new(Example(ChatFamily.Copy, "Acme."), "Acme.", true, true),
        ];
        var facts = new ChatReport(answers, training).Family(ChatFamily.Facts)!;
        Assert.Equal(0.75, facts.ExactMatch);
        Assert.Equal(0.5, facts.Majority); // "Acme." is the facts family's commonest training answer and 2 of its 4 test answers
        Assert.Equal(Wilson.Interval(3, 4), (facts.ExactMatchLow!.Value, facts.ExactMatchHigh!.Value));
        Assert.Equal(0.0, new ChatReport(answers, training).Family(ChatFamily.Copy)!.Majority); // "Zeno." never answers a copy prompt here
        Assert.Null(new ChatReport(answers).Family(ChatFamily.Facts)!.Majority); // no training examples, no baseline
    }
}
