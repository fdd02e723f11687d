using System.Globalization;

namespace GptLab.Data.Tasks;

/// <summary>
/// Arithmetic outside the range fine-tuning taught (operands 0–20): the same wordings and operations with operands
/// from another range, each with a wrong answer of as many digits for a two-way question. A problem of these ranges is
/// never in the SFT data, whose operands stop at 20.
/// </summary>
public static class ArithmeticRange
{
    /// <summary>
    /// <paramref name="count"/> problems with both operands from <paramref name="low"/> to <paramref name="high"/>
    /// (sums, and differences that are not negative), each as (question, right answer, wrong answer).
    /// </summary>
    public static IReadOnlyList<(string Question, string Right, string Wrong)> Problems(int low, int high, int count, Random random) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var (a, b) = (random.Next(low, high + 1), random.Next(low, high + 1));
            var op = random.Next(2) == 0 ? '+' : '-';
            if (op == '-' && a < b) (a, b) = (b, a);
            var (question, answer) = ArithmeticTask.Problem(a, op, b, random.Next(ArithmeticTask.Wordings.Length));
            return (question, Text(answer), Text(WrongOf(answer, random)));
        })];

    /// <summary>A wrong answer near <paramref name="answer"/> with the same number of digits (so both take alike tokens).</summary>
    public static int WrongOf(int answer, Random random)
    {
        var digits = Text(answer).Length;
        while (true)
        {
            var wrong = answer + (random.Next(2) == 0 ? -1 : 1) * random.Next(1, 10);
            if (wrong >= 0 && wrong != answer && Text(wrong).Length == digits) return wrong;
        }
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
