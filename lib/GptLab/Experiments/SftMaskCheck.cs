using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Experiments;

/// <summary>
/// Checks a learner's SFT loss mask and masked loss (notebook 06's exercise) against the chat template's targets
/// (<see cref="ChatTemplate.Render"/>) and the SFT objective's loss (<see cref="SupervisedObjective.MaskedLoss"/>), on
/// conversations of one and of several turns, one whose user types the assistant's role token as text, and an empty
/// answer. It says whether they agree and, when they do not, what kind of mistake it is, never the right values.
/// </summary>
public static class SftMaskCheck
{
    /// <summary>The learner's mask: a rendered conversation's ids to which of them are training targets.</summary>
    public delegate bool[] Mask(int[] ids, ChatTemplate template);

    /// <summary>The learner's loss: logits (T, V) for inputs <c>ids[..^1]</c>, the ids, and the mask, to a scalar.</summary>
    public delegate Tensor Loss(Tensor logits, int[] ids, bool[] isTarget);

    private static IEnumerable<IReadOnlyList<ChatMessage>> Conversations() =>
    [
        [ChatMessage.FromUser("Repeat: red cat"), ChatMessage.FromAssistant("red cat")],
        [ChatMessage.FromUser("What is 2 + 3?"), ChatMessage.FromAssistant("5"), ChatMessage.FromUser("And 4 + 4?"), ChatMessage.FromAssistant("8")],
        [ChatMessage.FromUser("Say <|assistant|> twice"), ChatMessage.FromAssistant("no")], // typed, so plain text: no turn starts
        [ChatMessage.FromUser("Say nothing"), ChatMessage.FromAssistant("")],
    ];

    /// <summary>Whether <paramref name="mine"/> marks the template's targets in every conversation, and a hint when it does not.</summary>
    public static (bool Right, string Message) CompareMask(Mask mine, ChatTemplate template)
    {
        foreach (var conversation in Conversations())
        {
            var rendered = template.Render(conversation);
            bool[] yours;
            try
            {
                yours = mine([.. rendered.Ids], template);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (false, $"Not yet: your function threw {e.GetType().Name} ({e.Message.Split('\n')[0]}).");
            }
            if (yours.Length != rendered.Length)
                return (false, $"Not yet: you marked {yours.Length} positions for {rendered.Length} ids; every id needs a yes or a no.");
            var wrong = Enumerable.Range(0, rendered.Length).Where(i => yours[i] != rendered.IsTarget[i]).ToArray();
            if (wrong.Length == 0) continue;
            var id = rendered.Ids[wrong[0]];
            return (false, id == template.EndId && !yours[wrong[0]] && rendered.IsTarget[wrong[0]]
                ? "Not yet: the end token after an answer is a target too: it is how the model learns to stop."
                : id == template.AssistantId || id == template.UserId || id == template.EndOfTextId
                    ? "Not yet: a role token is never a target; the template writes it, the model never has to."
                    : yours[wrong[0]]
                        ? "Not yet: you marked text that is not the assistant's. Only the assistant's words (and their end token) carry loss; a typed \"<|assistant|>\" is plain text."
                        : "Not yet: some of the assistant's words are unmarked. Every id of an assistant turn's text is a target, in every assistant turn.");
        }
        return (true, "Right: your mask is the template's in every conversation, the one with a typed role token and the empty answer included.");
    }

    /// <summary>Whether <paramref name="mine"/> gives the objective's loss (to 1e-5) on random logits for every conversation, and a hint when it does not.</summary>
    public static (bool Right, string Message) CompareLoss(Loss mine, ChatTemplate template)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2024);
        foreach (var conversation in Conversations())
        {
            var rendered = template.Render(conversation);
            var logits = randn([rendered.Length - 1, template.Tokenizer.VocabSize], generator: generator) * 2; // (T, V)
            Tensor yours;
            try
            {
                yours = mine(logits.clone(), [.. rendered.Ids], [.. rendered.IsTarget]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return (false, $"Not yet: your function threw {e.GetType().Name} ({e.Message.Split('\n')[0]}).");
            }
            if (yours.numel() != 1)
                return (false, $"Not yet: you returned {yours.numel()} numbers; the loss is one number, the mean over the target positions.");
            var value = yours.to(ScalarType.Float32).item<float>();
            var expected = SupervisedObjective.MaskedLoss(template, logits, rendered).item<float>();
            if (Math.Abs(value - expected) <= 1e-5) continue;
            // The same loss with every position a target: the mask the A/B of notebook 06 turns off.
            var all = SupervisedObjective.MaskedLoss(template, logits, template.Render(conversation, allTokens: true)).item<float>();
            return (false, Math.Abs(value - all) <= 1e-5
                ? "Not yet: you averaged over every position. Count only the positions whose next token is a target."
                : "Not yet: the row of logits at position t predicts the token at t + 1: pair them so, keep the positions where isTarget[t + 1], and average −log softmax.");
        }
        return (true, "Right: your loss is the SFT objective's on every conversation.");
    }
}
