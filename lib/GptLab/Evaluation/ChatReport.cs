using System.Text.Json.Serialization;
using GptLab.Data.Tasks;

namespace GptLab.Evaluation;

/// <summary>Held-out evaluation of a chat model: every answer, and the scores per task family and overall.</summary>
public sealed record ChatReport
{
    /// <summary>The scores of <paramref name="answers"/>; with <paramref name="training"/>, each family's majority baseline too.</summary>
    public ChatReport(IReadOnlyList<ChatAnswer> answers, IReadOnlyList<ChatExample>? training = null)
    {
        Answers = answers;
        Families = [.. answers.GroupBy(a => a.Example.Family).Select(g => Score(g.Key, [.. g], training))];
        FormatAdherence = answers.Count == 0 ? 0 : answers.Average(a => a.WellFormed ? 1.0 : 0.0);
        var exact = answers.Where(a => a.Correct is not null && a.Example.Family != ChatFamily.Unknown).ToList();
        ExactMatch = exact.Count == 0 ? 0 : exact.Average(a => a.Correct == true ? 1.0 : 0.0);
    }

    [JsonIgnore]
    public IReadOnlyList<ChatAnswer> Answers { get; }

    public IReadOnlyList<FamilyScore> Families { get; }

    /// <summary>Share of answers that end with the end token and contain no role token.</summary>
    public double FormatAdherence { get; }

    /// <summary>
    /// Exact-match accuracy over every prompt of the families with one right answer but "unknown": its single fixed
    /// answer ("I don't know.") is learned first and would make up most of the score (it has its own row in <see cref="Families"/>).
    /// </summary>
    public double ExactMatch { get; }

    private static FamilyScore Score(string family, IReadOnlyList<ChatAnswer> answers, IReadOnlyList<ChatExample>? training)
    {
        var exact = answers.Where(a => a.Correct is not null).ToList();
        var score = new FamilyScore(family, answers.Count, answers.Average(a => a.WellFormed ? 1.0 : 0.0), exact.Count == 0 ? null : exact.Average(a => a.Correct == true ? 1.0 : 0.0));
        if (exact.Count == 0) return score;
        var (low, high) = Wilson.Interval(exact.Count(a => a.Correct == true), exact.Count);
        // The majority answer: what always answering the family's most common training answer scores here.
        var common = training?.Where(e => e.Family == family && e.ExactAnswer).GroupBy(e => e.Reference).MaxBy(r => r.Count())?.Key;
        return score with { ExactMatchLow = low, ExactMatchHigh = high, Majority = common is null ? null : exact.Average(a => a.Example.Reference == common ? 1.0 : 0.0) };
    }

    /// <summary>The score of <paramref name="family"/>, or null when no prompt was of it.</summary>
    public FamilyScore? Family(string family) => Families.FirstOrDefault(f => f.Family == family);
}
