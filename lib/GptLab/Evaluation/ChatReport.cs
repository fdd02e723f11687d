using System.Text.Json.Serialization;
using GptLab.Data.Tasks;

namespace GptLab.Evaluation;

/// <summary>Held-out evaluation of a chat model: every answer, and the scores per task family and overall.</summary>
public sealed record ChatReport
{
    public ChatReport(IReadOnlyList<ChatAnswer> answers)
    {
        Answers = answers;
        Families = [.. answers.GroupBy(a => a.Example.Family).Select(g => new FamilyScore(g.Key, g.Count(),
            g.Average(a => a.WellFormed ? 1.0 : 0.0),
            g.Any(a => a.Correct is not null) ? g.Where(a => a.Correct is not null).Average(a => a.Correct == true ? 1.0 : 0.0) : null))];
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

    /// <summary>The score of <paramref name="family"/>, or null when no prompt was of it.</summary>
    public FamilyScore? Family(string family) => Families.FirstOrDefault(f => f.Family == family);
}
