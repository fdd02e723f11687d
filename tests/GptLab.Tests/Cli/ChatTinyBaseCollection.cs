namespace GptLab.Tests.Cli;

/// <summary>The test classes that fine-tune one <see cref="ChatTinyBase"/>, pretrained once for all of them (run names kept apart).</summary>
[CollectionDefinition(Name)]
public sealed class ChatTinyBaseCollection : ICollectionFixture<ChatTinyBase>
{
    public const string Name = "chat-tiny base";
}
