using System.Globalization;

namespace GptLab.Data.Tasks;

/// <summary>
/// The "arithmetic" family: "What is 7 + 5?" → "12". Sums of two numbers from 0 to 20 and differences that are not
/// negative (672 problems, answers 0–40), held out by unordered pair: when "7 + 5" is held out, no wording of "7 + 5",
/// "5 + 7" or "7 - 5" is asked in training, so a test sum is never answered by remembering its mirror.
/// </summary>
internal static class ArithmeticTask
{
    /// <summary>The largest operand fine-tuning asks about.</summary>
    internal const int Largest = 20;

    internal static readonly string[] Wordings = ["What is {a} {op} {b}?", "How much is {a} {op} {b}?", "Compute {a} {op} {b}."];

    public static InstructionSet Draw(InstructionSetOptions options, Random rng)
    {
        var problems =
            from a in Enumerable.Range(0, Largest + 1)
            from b in Enumerable.Range(0, Largest + 1)
            from op in "+-"
            where op == '+' || a >= b
            select (A: a, Op: op, B: b);
        var (train, validation, test) = TaskPool<(int A, char Op, int B)>.Split(
            problems, options.ValidationPerFamily, options.TestPerFamily, rng, ChatFamily.Arithmetic, "problems");
        // Counted in problems, so a base mid-trained with more held out still holds out every problem its fine-tuning tests on.
        var heldOut = validation.Concat(test).Select(Operands).ToHashSet();
        train = [.. train.Where(p => !heldOut.Contains(Operands(p)))];
        return new TaskPool<(int A, char Op, int B)>(train, validation, test, Wordings.Length, Example).Draw(options, rng);
    }

    /// <summary>The problem's operands as an unordered pair: "7 + 5", "5 + 7" and "7 - 5" share (5, 7).</summary>
    internal static (int Low, int High) Operands((int A, char Op, int B) p) => (Math.Min(p.A, p.B), Math.Max(p.A, p.B));

    private static ChatExample Example((int A, char Op, int B) p, int wording)
    {
        var (question, answer) = Problem(p.A, p.Op, p.B, wording);
        return new ChatExample(ChatFamily.Arithmetic, [ChatMessage.FromUser(question), ChatMessage.FromAssistant(Text(answer))]);
    }

    /// <summary>The question "a op b" in wording <paramref name="wording"/> of <see cref="Wordings"/>, and its answer.</summary>
    internal static (string Question, int Answer) Problem(int a, char op, int b, int wording) =>
        (Wordings[wording].Replace("{a}", Text(a)).Replace("{op}", op.ToString()).Replace("{b}", Text(b)), op == '+' ? a + b : a - b);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
