using GptLab.Chat;
using GptLab.Data.Tasks;
using GptLab.Model;
using GptLab.Tokenization;

namespace GptLab.Tests.Chat;

/// <summary>A throwaway chat tokenizer (BPE with the chat tokens, trained on a few sentences) and a small model over it.</summary>
internal static class ChatFixture
{
    private static readonly Lazy<ChatTemplate> LazyTemplate = new(() => new ChatTemplate(BpeTrainer.Train(
        string.Concat(Enumerable.Repeat("What is two plus three? It is five. Repeat: red cat sun. The cat sat on the mat. ", 20)),
        300, SpecialTokens.Chat)));

    public static ChatTemplate Template => LazyTemplate.Value;

    public static GptConfig Config(int blockSize = 48) =>
        new() { VocabSize = Template.Tokenizer.VocabSize, BlockSize = blockSize, NLayer = 2, NHead = 2, NEmbd = 32, Dropout = 0.0 };

    public static Gpt NewModel(int blockSize = 48) => TorchFixture.NewModel(Config(blockSize));

    public static ChatExample Example(string question, string answer, string family = "copy") =>
        new(family, [ChatMessage.FromUser(question), ChatMessage.FromAssistant(answer)]);
}
