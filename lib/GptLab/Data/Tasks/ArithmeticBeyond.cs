namespace GptLab.Data.Tasks;

/// <summary>
/// Arithmetic just past what fine-tuning taught: sums and non-negative differences whose larger operand is from 21 to
/// <c>largest</c> (fine-tuning's operands stop at 20, <see cref="ArithmeticTask"/>), in its three wordings. Split by
/// unordered operand pair, as fine-tuning splits: when (5, 27) is a test item, none of "5 + 27", "27 + 5" or "27 - 5"
/// is asked in training in any wording.
/// </summary>
public static class ArithmeticBeyond
{
    /// <summary>
    /// The questions of operand pairs up to <paramref name="largest"/>: <paramref name="testPairs"/> pairs held out for
    /// test, <paramref name="validationPairs"/> for validation (each of their problems once, in a random wording), the rest
    /// for training (every problem in every wording), drawn with <paramref name="seed"/>.
    /// </summary>
    public static VerifiableQuestions Create(int largest, int validationPairs, int testPairs, int seed)
    {
        var pairs = (from high in Enumerable.Range(ArithmeticTask.Largest + 1, Math.Max(0, largest - ArithmeticTask.Largest))
                     from low in Enumerable.Range(0, high + 1)
                     select (Low: low, High: high)).ToArray();
        if (validationPairs + testPairs > pairs.Length / 2)
            throw new GptLabException($"operands up to {largest} give {pairs.Length} operand pairs beyond fine-tuning's 20, too few to hold out {validationPairs + testPairs}: raise the largest operand or hold out at most {pairs.Length / 2}");
        var random = new Random(seed);
        random.Shuffle(pairs);
        var (test, validation, train) = (pairs[..testPairs], pairs[testPairs..(testPairs + validationPairs)], pairs[(testPairs + validationPairs)..]);
        var trainQuestions = train.SelectMany(Problems).SelectMany(p => Enumerable.Range(0, ArithmeticTask.Wordings.Length).Select(w => Example(p, w))).ToArray();
        ChatExample[] HeldOut((int Low, int High)[] items) => [.. items.SelectMany(Problems).Select(p => Example(p, random.Next(ArithmeticTask.Wordings.Length)))];
        return new VerifiableQuestions(trainQuestions, HeldOut(validation), HeldOut(test), [.. test.SelectMany((pair, i) => Problems(pair).Select(_ => i))]);
    }

    /// <summary>The unordered operand pair a question of this task asks about ("27 - 5" and "5 + 27" both give (5, 27)).</summary>
    public static (int Low, int High) OperandPair(ChatExample question)
    {
        var numbers = System.Text.RegularExpressions.Regex.Matches(question.Messages[0].Content, "[0-9]+").Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (Math.Min(numbers[0], numbers[1]), Math.Max(numbers[0], numbers[1]));
    }

    // A pair's problems: both sums (one when the operands are equal) and the difference that is not negative.
    private static IEnumerable<(int A, char Op, int B)> Problems((int Low, int High) pair) =>
        pair.Low == pair.High
            ? [(pair.High, '+', pair.Low), (pair.High, '-', pair.Low)]
            : [(pair.Low, '+', pair.High), (pair.High, '+', pair.Low), (pair.High, '-', pair.Low)];

    private static ChatExample Example((int A, char Op, int B) p, int wording)
    {
        var (question, answer) = ArithmeticTask.Problem(p.A, p.Op, p.B, wording);
        return new ChatExample(ChatFamily.Arithmetic, [ChatMessage.FromUser(question), ChatMessage.FromAssistant(answer.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }
}
