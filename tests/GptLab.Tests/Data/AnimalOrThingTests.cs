using System.Text.RegularExpressions;
using GptLab.Data.Tasks;
using GptLab.Data;

namespace GptLab.Tests.Data;

public class AnimalOrThingTests
{
    private static readonly string[] AllNouns = [.. AnimalOrThing.Animals, .. AnimalOrThing.Things];

    [Fact]
    public void NoTestNounOccursInATrainingSentence()
    {
        var task = AnimalOrThing.Dataset();
        var trainWords = task.Train.SelectMany(e => Words(e.Text)).ToHashSet();
        Assert.NotEmpty(AnimalOrThing.TestWords);
        foreach (var noun in AnimalOrThing.TestWords) Assert.DoesNotContain(noun, trainWords);
        Assert.Equal(AllNouns.Length * AnimalOrThing.Frames.Count, task.Train.Count + task.Test.Count);
        Assert.Equal(AnimalOrThing.TestWords.Count * AnimalOrThing.Frames.Count, task.Test.Count);
    }

    [Fact]
    public void TheNounIsTheOnlyEvidence()
    {
        // No frame mentions a listed noun, and both labels use every frame equally often in both splits.
        foreach (var frame in AnimalOrThing.Frames) Assert.Empty(Words(frame).Intersect(AllNouns));
        Assert.Empty(AnimalOrThing.Animals.Intersect(AnimalOrThing.Things));
        var task = AnimalOrThing.Dataset();
        Assert.Equal(0.5, task.MajorityBaseline(), 2);
        foreach (var split in new[] { task.Train, task.Test })
            Assert.InRange(split.Count(e => e.Label == AnimalOrThing.AnimalLabel) / (double)split.Count, 0.45, 0.55);
    }

    [Fact]
    public void EveryNounIsFrequentInTheStoriesTheBaseModelReads()
    {
        var counts = Words(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "data", "tinystories", "stories.txt")).ToLowerInvariant())
            .CountBy(w => w).ToDictionary();
        foreach (var noun in AllNouns)
            Assert.True(counts.GetValueOrDefault(noun) >= 50, $"'{noun}' occurs {counts.GetValueOrDefault(noun)} times");
    }

    [Fact]
    public void SentencesCarryTheNounsLabel()
    {
        Assert.All(AnimalOrThing.Sentences("frog"), e => Assert.Equal(AnimalOrThing.AnimalLabel, e.Label));
        Assert.All(AnimalOrThing.Sentences("cup"), e => Assert.Equal(AnimalOrThing.ThingLabel, e.Label));
        Assert.Equal("Lily saw a frog in the garden.", AnimalOrThing.Sentences("frog")[0].Text);
        Assert.Equal("animal", AnimalOrThing.Labels[AnimalOrThing.LabelOf("bear")]);
        var error = Assert.Throws<GptLabException>(() => AnimalOrThing.Sentences("unicorn"));
        Assert.Contains("unicorn", error.Message);
    }

    private static IEnumerable<string> Words(string text) => Regex.Matches(text, "[A-Za-z]+").Select(m => m.Value);
}
