using GptLab.Stages;
using GptLab.IO;
using System.Text.RegularExpressions;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Data.Tasks;
using GptLab.Tokenization;
using GptLab.Training;

namespace GptLab.Tests.Training;

/// <summary>Mid-training: the instruction conversations in the pretraining text leave out what fine-tuning tests on, and sit after the text's own training tokens.</summary>
public class MidTrainingTests
{
    private static readonly InstructionMixConfig Mix = new() { PerFamily = 600 };

    // What a held-out example is about, whatever its wording: the problem, the word list, the fact, the unknown name, the told value.
    private static string Item(ChatExample e)
    {
        var question = e.Messages[^2].Content;
        return e.Family switch
        {
            ChatFamily.Arithmetic => string.Join(',', Regex.Matches(question, @"\d+").Select(m => int.Parse(m.Value)).Order()), // held out by unordered pair
            ChatFamily.Copy or ChatFamily.Reverse or ChatFamily.Uppercase => question[(question.IndexOf(':') + 2)..],
            ChatFamily.Facts => e.Reference,
            ChatFamily.Unknown => question.Split(' ').Skip(1).First(w => char.IsUpper(w[0])).TrimEnd('?'),
            _ => e.Reference,
        } is var item ? $"{e.Family}: {item}" : "";
    }

    [Fact]
    public void TheMixLeavesOutEveryItemTheCpuFineTuningValidatesAndTestsOn()
    {
        var sft = ConfigResolver.Resolve(Stage.Sft, "cpu").Sft!;
        MidTraining.CheckHeldOut(Mix, sft); // the presets agree
        var heldOut = InstructionSet.Generate(new InstructionSetOptions
        {
            Seed = sft.DataSeed, TrainPerFamily = 1, ValidationPerFamily = sft.ValidationPerFamily, TestPerFamily = sft.TestPerFamily,
        });
        var mixed = MidTraining.Conversations(Mix).Select(e => new ChatExample(e.Family, e.Messages.TakeLast(e.Family == ChatFamily.Context ? e.Messages.Count : 2).ToList()));
        var mixedItems = mixed.Select(Item).ToHashSet();
        var heldOutItems = heldOut.Validation.Concat(heldOut.Test).Select(Item).ToHashSet();
        Assert.Equal(7 * 600, MidTraining.Conversations(Mix).Count); // every synthetic family but story
        Assert.True(heldOutItems.Count > 300, $"{heldOutItems.Count} held-out items");
        Assert.Empty(mixedItems.Intersect(heldOutItems));
    }

    [Fact]
    public void TheMixFollowsTheTextsTrainingTokensWithTheTextsOwnTokenizerAndValidation()
    {
        var folder = TestPaths.NewTempFolder("mid-training");
        var corpus = Path.Combine(folder, "stories.txt");
        File.WriteAllText(corpus, string.Concat(Enumerable.Repeat("The cat sat on the mat. Tobin has a pet goat.\n<|endoftext|>\n", 60)));
        var text = new DataConfig { Corpus = corpus, Tokenizer = Tokenizers.Bpe, BpeVocabSize = 270, SpecialTokens = SpecialTokens.Chat };
        var small = new InstructionMixConfig { PerFamily = 5 };
        var alone = TokenDataset.Prepare(text, Path.Combine(folder, "alone"));
        var mixed = PretrainingStage.PrepareData(text with { Instructions = small }, RunFolder.At(Path.Combine(folder, "mixed")));

        Assert.Equal(alone.Val, mixed.Val);
        Assert.Equal(alone.Train, mixed.Train[..alone.Train.Length]);
        Assert.Equal(mixed.Train.Length - alone.Train.Length, mixed.Meta.InstructionTokens);
        Assert.Equal(small, mixed.Meta.Instructions);
        Assert.Equal(File.ReadAllText(Path.Combine(alone.Folder, RunFiles.Tokenizer)), File.ReadAllText(Path.Combine(mixed.Folder, RunFiles.Tokenizer)));
        var first = MidTraining.Conversations(small)[0];
        Assert.StartsWith($"<|endoftext|><|user|> {first.Messages[0].Content}<|end|><|assistant|> {first.Messages[1].Content}<|end|>",
            mixed.Tokenizer.Decode(mixed.Train[alone.Train.Length..]));
        Assert.Equal(mixed.Train, PretrainingStage.PrepareData(text with { Instructions = small }, RunFolder.At(Path.Combine(folder, "mixed"))).Train); // reused as it is
        // The same settings, but the conversations they make changed (a new version of the instruction families): prepared again.
        var changed = TokenDataset.Prepare(text with { Instructions = small }, RunFolder.At(Path.Combine(folder, "mixed")).Data, t => t.Encode("<|user|> Something else<|end|>"));
        Assert.Equal([.. alone.Train, .. mixed.Tokenizer.Encode("<|user|> Something else<|end|>")], changed.Train);
        Assert.Equal(alone.Train, PretrainingStage.PrepareData(text, RunFolder.At(Path.Combine(folder, "mixed"))).Train); // the text alone: prepared again
    }

    [Fact]
    public void FineTuningAMixedBaseOnOtherItemsFailsNamingTheFix()
    {
        var seed = Assert.Throws<GptLabException>(() => MidTraining.CheckHeldOut(Mix, new SftConfig { DataSeed = 7 })).Message;
        Assert.Contains("--data-seed 42", seed);
        var many = Assert.Throws<GptLabException>(() => MidTraining.CheckHeldOut(Mix, new SftConfig { ValidationPerFamily = 50, TestPerFamily = 100 })).Message;
        Assert.Contains("at most 80", many);
        MidTraining.CheckHeldOut(Mix, ConfigResolver.Resolve(Stage.Sft, "tiny").Sft!);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void EachChatProfilesBaseHoldsOutWhatItsSftProfileTestsOn(string profile)
    {
        var sft = ConfigResolver.Resolve(Stage.Sft, profile).Sft!;
        if (Presets.For(Stage.Base, $"chat-{profile}").Data.Instructions is { } mix)
        {
            MidTraining.CheckHeldOut(mix, sft);
            Assert.NotEmpty(MidTraining.Conversations(mix with { PerFamily = 2 })); // the mix can hold out that many per family
        }
        var set = InstructionSet.Generate(new InstructionSetOptions
        {
            Seed = sft.DataSeed, TrainPerFamily = 2, ValidationPerFamily = sft.ValidationPerFamily, TestPerFamily = sft.TestPerFamily,
        });
        Assert.Equal(sft.TestPerFamily, set.Test.Count(e => e.Family == ChatFamily.Facts)); // the facts family has enough facts to hold out
    }
}
