using GptLab.Experiments.Lab;
using GptLab.Model;
using GptLab.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace GptLab.Tests.Experiments;

/// <summary><see cref="LabModel"/> trained further from a checkpoint: its weights, shape and tokenizer, and the parent named.</summary>
public class LabModelTests
{
    [Fact]
    public void TrainingFromACheckpointStartsFromItsWeights()
    {
        var context = new ExperimentContext("tiny", 7, CPU, TestPaths.NewTempFolder("lab-model"));
        var tokenizer = CharTokenizer.FromCorpus("abcdefgh .\n");
        var shape = new GptConfig { BlockSize = 16, NLayer = 1, NHead = 2, NEmbd = 16, Dropout = 0.0 };
        var text = string.Concat(Enumerable.Repeat("abc def gh.\n", 40));
        var validation = string.Concat(Enumerable.Repeat("gh abc.\n", 4)); // longer than the context
        using var parent = LabModel.Train(context, "parent", text, validation, 20, shape, tokenizer: tokenizer);
        using var child = LabModel.Train(context, "child", "hgf edc ba.\n" + text, validation, 1, learningRate: 1e-12, from: parent);

        Assert.Equal(Path.GetFullPath(parent.Folder), child.Meta.Config.Parent);
        Assert.Equal(parent.Meta.Config.Model.NEmbd, child.Meta.Config.Model.NEmbd);
        Assert.Equal(tokenizer.VocabSize, child.Tokenizer.VocabSize);
        using var scope = NewDisposeScope();
        var x = tensor(new long[] { 0, 1, 2, 3 }, [1, 4]);
        var (before, after) = (parent.Model.forward(x), child.Model.forward(x));
        Assert.True(before.allclose(after, rtol: 1e-4, atol: 1e-5), "one step at a vanishing learning rate moved the weights: the child did not start from its parent");
        using var fresh = LabModel.Train(context with { Seed = 8 }, "fresh", text, validation, 1, shape, learningRate: 1e-12, tokenizer: tokenizer);
        Assert.False(before.allclose(fresh.Model.forward(x), rtol: 1e-4, atol: 1e-5), "a model trained from scratch matched the parent: the test cannot tell");
    }
}
