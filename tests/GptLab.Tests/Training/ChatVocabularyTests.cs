using GptLab.IO;
using GptLab.Chat;
using GptLab.Model;
using GptLab.Tokenization;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests.Training;

public class ChatVocabularyTests
{
    [Fact]
    public void AGpt2BaseGetsTheChatTokensAsNewRowsAndEveryOldLogitStaysAsItWas()
    {
        var config = new GptConfig { VocabSize = Gpt2Tokenizer.BaseVocabSize, BlockSize = 32, NLayer = 1, NHead = 2, NEmbd = 16, Dropout = 0, Activation = GptConfig.GeluTanh };
        using var model = TorchFixture.NewModel(config);
        var tokenizer = new Gpt2Tokenizer();
        var extended = ChatVocabulary.Extend(model, tokenizer);
        Assert.NotNull(extended);
        var (larger, grown) = extended.Value;
        using var _ = larger;

        Assert.Equal([SpecialTokens.User, SpecialTokens.Assistant, SpecialTokens.End], ChatVocabulary.Missing(tokenizer));
        Assert.Equal(Gpt2Tokenizer.BaseVocabSize + 3, grown.VocabSize);
        Assert.Equal(grown.VocabSize, larger.Config.VocabSize);
        Assert.Equal((50256, 50257, 50258, 50259), (grown.SpecialTokens[SpecialTokens.EndOfText], grown.SpecialTokens[SpecialTokens.User], grown.SpecialTokens[SpecialTokens.Assistant], grown.SpecialTokens[SpecialTokens.End]));
        Assert.Empty(ChatVocabulary.Missing(grown));
        Assert.Null(ChatVocabulary.Extend(larger, grown)); // nothing left to add

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = tensor(tokenizer.Encode("Hello world, how are you?").Select(i => (long)i).ToArray()).unsqueeze(0);
        var before = model.forward(ids);
        var after = larger.forward(ids);
        Assert.True(after[.., .., ..Gpt2Tokenizer.BaseVocabSize].allclose(before, rtol: 0, atol: 1e-6), "adding rows changed the old tokens' logits");
        var embedding = larger.state_dict()["transformer.wte.weight"];
        var mean = model.state_dict()["transformer.wte.weight"].mean([0]);
        for (var id = Gpt2Tokenizer.BaseVocabSize; id < grown.VocabSize; id++) Assert.True(embedding[id].allclose(mean, atol: 1e-6), $"row {id} is not the mean");

        // The chat template works with it, and the tokenizer file keeps the added tokens.
        var template = new ChatTemplate(grown);
        Assert.Equal(50257, template.UserId);
        var path = Path.Combine(TestPaths.NewTempFolder("gpt2-chat"), RunFiles.Tokenizer);
        grown.Save(path);
        var loaded = TokenizerFile.Load(path);
        Assert.Equal(grown.VocabSize, loaded.VocabSize);
        Assert.Equal(grown.SpecialTokens.OrderBy(p => p.Value), loaded.SpecialTokens.OrderBy(p => p.Value));
        Assert.Equal([15496, 995], loaded.Encode("Hello world"));
        Assert.Equal("<|user|>", loaded.Decode([50257]));

        // A char tokenizer cannot take new ids: no extension (the chat template then names the fix).
        Assert.Null(ChatVocabulary.Extend(model, CharTokenizer.FromCorpus("abc")));
    }
}
