using System.Text.RegularExpressions;
using GptLab.Chat;
using GptLab.Data.Tasks;

namespace GptLab.Tests.Chat;

public class FactWorldTests
{
    private static readonly FactWorld World = FactWorld.Create();
    private static readonly string Text = World.PretrainingText();

    [Fact]
    public void TheSameSeedGivesTheSameWorldAndText()
    {
        var again = FactWorld.Create();
        Assert.Equal(World.KnownNames, again.KnownNames);
        Assert.Equal(World.Facts, again.Facts);
        Assert.Equal(Text, again.PretrainingText());
        var other = FactWorld.Create(seed: FactWorld.DefaultSeed + 1);
        Assert.NotEqual(World.KnownNames, other.KnownNames);
        Assert.NotEqual(Text, other.PretrainingText());
    }

    [Fact]
    public void NamesAreDistinctAndNoneHidesInsideAnother()
    {
        Assert.Equal(48, World.KnownNames.Count);
        Assert.Equal(24, World.UnknownNames.Count);
        Assert.Equal(12, World.Towns.Count);
        var all = World.KnownNames.Concat(World.UnknownNames).Concat(World.Towns.Select(t => t.Split(' ')[0])).ToList();
        for (int i = 0; i < all.Count; i++)
            for (int j = 0; j < all.Count; j++)
                if (i != j) Assert.DoesNotContain(all[i].ToLowerInvariant(), all[j].ToLowerInvariant());
        Assert.All(all, n => Assert.Matches("^[A-Z][a-z]{3,8}$", n));
    }

    [Fact]
    public void TheTextIsAsciiDocumentsLikeTinyStoriesOfTheTargetSize()
    {
        Assert.True(Text.All(char.IsAscii), "the facts text must be ASCII");
        Assert.InRange(Text.Length, 250_000, 450_000);
        Assert.EndsWith(FactWorld.DocumentEnd, Text);
        var documents = Text.Split(FactWorld.DocumentEnd)[..^1];
        Assert.All(documents, d => Assert.True(d.Length > 0 && !d.Contains('\n') && !d.Contains("<|"), d));
    }

    [Fact]
    public void EveryFactIsStatedManyTimesAndInItsAnswerWords()
    {
        Assert.Equal(48 * Enum.GetValues<FactKind>().Length, World.Facts.Count);
        var sentences = Regex.Split(Text, @"(?<=[.])\s+");
        foreach (var fact in World.Facts)
        {
            Assert.Equal(fact.Value, World.ValueOf(fact.Name, fact.Kind));
            Assert.Contains(fact.Answer, Text);
            var stated = sentences.Count(s => Regex.IsMatch(s, $@"\b{fact.Name}\b") && Regex.IsMatch(s, $@"\b{fact.Value}\b"));
            Assert.True(stated >= 10, $"{fact} is stated {stated} times");
        }
    }

    [Fact]
    public void UnknownNamesNeverOccurInTheText()
    {
        foreach (var name in World.UnknownNames)
            Assert.DoesNotContain(name.ToLowerInvariant(), Text.ToLowerInvariant());
        Assert.All(World.KnownNames, name => Assert.Contains(name, Text));
        var e = Assert.Throws<GptLabException>(() => World.ValueOf(World.UnknownNames[0], FactKind.Pet));
        Assert.Contains("KnownNames", e.Message);
    }

    [Fact]
    public void AnswersRestateTheFactInOneSentence()
    {
        var fact = World.Facts.First(f => f.Kind == FactKind.Pet);
        Assert.Equal($"{fact.Name} has a pet {fact.Value}.", fact.Answer);
        Assert.Equal($"Where does {fact.Name} live?", FactQuestions.Ask(fact.Name, FactKind.Town, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FactQuestions.Ask(fact.Name, FactKind.Town, FactQuestions.Phrasings));
        Assert.Equal("I don't know.", FactQuestions.DontKnow);
    }

    [Fact]
    public void ImpossibleWorldSizesNameTheRange()
    {
        var e = Assert.Throws<GptLabException>(() => FactWorld.Create(knownCount: 1));
        Assert.Contains("choose counts", e.Message);
        Assert.Throws<GptLabException>(() => FactWorld.Create(knownCount: 150, unknownCount: 50));
    }

    [Fact]
    public void ShippedFactsFileIsUpToDate()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "data", "synthetic", "facts.txt");
        if (Environment.GetEnvironmentVariable("GPTLAB_REGENERATE") == "1")
            File.WriteAllText(path, Text);
        Assert.True(File.Exists(path) && File.ReadAllText(path).ReplaceLineEndings("\n") == Text,
            "data/synthetic/facts.txt differs from FactWorld.Create().PretrainingText(): regenerate it with " +
            "GPTLAB_REGENERATE=1 dotnet test tests/GptLab.Tests --filter FullyQualifiedName~ShippedFactsFileIsUpToDate");
    }
}
