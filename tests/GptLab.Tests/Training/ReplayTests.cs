using GptLab.IO;
using GptLab.Stages;
using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Tests.Chat;
using GptLab.Tokenization;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

/// <summary>Replay in SFT: windows of the base's own pretraining text, never its mixed-in conversations or its validation text.</summary>
public class ReplayTests
{
    private static TokenDataset MidTrainedData()
    {
        var folder = TestPaths.NewTempFolder("replay");
        var corpus = Path.Combine(folder, "stories.txt");
        File.WriteAllText(corpus, string.Concat(Enumerable.Range(0, 80).Select(i => $"The cat sat on mat {i}. Tobin has a pet goat.\n<|endoftext|>\n")));
        var text = new DataConfig { Corpus = corpus, Tokenizer = Tokenizers.Bpe, BpeVocabSize = 270, SpecialTokens = SpecialTokens.Chat };
        return PretrainingStage.PrepareData(text with { Instructions = new InstructionMixConfig { PerFamily = 5 } }, RunFolder.At(folder));
    }

    [Fact]
    public void WindowsComeFromTheTrainingTextAloneAndEveryTokenIsATarget()
    {
        var data = MidTrainedData();
        var textTokens = data.Meta.TrainTokens - data.Meta.InstructionTokens;
        var text = data.Train[..textTokens];
        var user = data.Tokenizer.SpecialTokens["<|user|>"];
        var windows = SupervisedStage.ReplayWindows(data, 40, 16, seed: 7);

        Assert.Equal(40, windows.Count);
        Assert.All(windows, w =>
        {
            Assert.Equal(17, w.Length);
            Assert.All(w.IsTarget, Assert.True);
            Assert.DoesNotContain(user, w.Ids); // no conversation of the mix
            Assert.Contains(Enumerable.Range(0, textTokens - 16), start => text.AsSpan(start, 17).SequenceEqual(w.Ids)); // a slice of the text
        });
        Assert.True(windows.Select(w => string.Join(',', w.Ids)).Distinct().Count() > 20, "the offsets are not spread");
        Assert.Equal(windows.Select(w => w.Ids), SupervisedStage.ReplayWindows(data, 40, 16, seed: 7).Select(w => w.Ids));
        Assert.NotEqual(windows.Select(w => w.Ids), SupervisedStage.ReplayWindows(data, 40, 16, seed: 8).Select(w => w.Ids));
        Assert.Contains("sft.replay", Assert.Throws<GptLabException>(() => SupervisedStage.ReplayWindows(data, 1, textTokens, seed: 7)).Message);
    }

    [Fact]
    public void ReplayWindowsJoinTheTrainingConversations()
    {
        using var model = ChatFixture.NewModel();
        var examples = Enumerable.Range(0, 6).Select(i => ChatFixture.Example($"Repeat: cat {i}", $"cat {i}")).ToList();
        var ids = ChatFixture.Template.Tokenizer.Encode(" The cat sat on the mat.");
        var window = new ChatTokens(ids, [.. ids.Select(_ => true)]);
        var config = new TrainConfig { BatchSize = 2, EvalIters = 1, Seed = 11 };
        var objective = new SupervisedObjective(model, ChatFixture.Template, examples, examples, config, false, CPU, [window]);
        Assert.Equal(7, objective.TrainExamples);
        Assert.Equal(7, Enumerable.Range(0, 7).Select(k => objective.ExampleAt(k)).Distinct().Count());
        Assert.Contains("replay=-1", Assert.Throws<GptLabException>(() => new SftConfig { Replay = -1 }.Validate()).Message);
    }
}
