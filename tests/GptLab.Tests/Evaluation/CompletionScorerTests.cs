using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Model;
using static GptLab.Tests.Experiments.ExperimentModels;
using static TorchSharp.torch;

namespace GptLab.Tests.Evaluation;

public class CompletionScorerTests
{
    // log P(completion | prompt) the long way: one unpadded forward pass per pair over its last block_size + 1 ids,
    // log-softmax, sum the completion's tokens.
    private static double Direct(Gpt model, string prompt, string completion)
    {
        var ids = Chars.Encode(prompt + completion);
        var T = model.Config.BlockSize;
        if (ids.Length > T + 1) ids = ids[^(T + 1)..]; // the prompt's end
        var first = ids.Length - completion.Length; // one id per character: the completion's first
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var logProbs = nn.functional.log_softmax(model.forward(tensor(ids[..^1].Select(i => (long)i).ToArray(), [1, ids.Length - 1])), -1); // (1, T, V)
        var sum = 0.0;
        for (var k = first; k < ids.Length; k++) sum += logProbs[0, k - 1, ids[k]].item<float>();
        return sum;
    }

    [Fact] // the last pair is longer than the context of 32: its prompt's start is cut
    public void BatchedAndPaddedScoresEqualOnePairAtATime()
    {
        using var model = Peaked();
        (string, string)[] pairs = [("ROMEO:\nBut soft", "!"), ("To be", " or not to be"), ("A", "h, me"), ("First Citizen:\nBefore we proceed", " any further")];
        var batched = CompletionScorer.LogProbabilities(model, Chars, pairs);
        for (var i = 0; i < pairs.Length; i++) Assert.Equal(Direct(model, pairs[i].Item1, pairs[i].Item2), batched[i], 4);
        Assert.All(batched, v => Assert.True(v < 0));
    }

    [Fact]
    public void PreferRightIsTheRightCompletionsShareOfTheTwo()
    {
        using var model = Peaked();
        var question = new ChoiceQuestion("To be or not to ", "be", "go");
        var share = CompletionScorer.PreferRight(model, Chars, [question, question with { Right = "go", Wrong = "be" }]);
        Assert.Equal(1.0, share[0] + share[1], 6); // swapping right and wrong gives the complement
        var (right, wrong) = (Direct(model, question.Prompt, "be"), Direct(model, question.Prompt, "go"));
        Assert.Equal(Math.Exp(right) / (Math.Exp(right) + Math.Exp(wrong)), share[0], 4);
    }

    [Fact]
    public void AnEmptyCompletionIsAOneLineError()
    {
        using var model = Small();
        var error = Assert.Throws<GptLabException>(() => CompletionScorer.LogProbabilities(model, Chars, [("To be", "")]));
        Assert.Contains("at least one token", error.Message);
    }
}
