using GptLab.Data;
using GptLab.Data.Tasks;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The limitations lab's generated data, without a model: every held-out question, prompt or passage is absent from
/// the text the model trains on, and the manipulated quantities (rates, copies) are what the experiment says.
/// </summary>
public class LimitationsDataTests
{
    [Fact]
    public void NoImpliedComparisonIsWrittenAndInnerPeopleAreBothTallerAndShorter()
    {
        var world = ComparisonChains.Create(chainCount: 30, chainLength: 6, seed: 1337);
        var text = world.Text(repeats: 2, seed: 1);
        foreach (var q in world.Implied())
        {
            Assert.DoesNotContain(q.Prompt.TrimStart('\n') + q.Right, text, StringComparison.Ordinal);
            Assert.DoesNotContain(q.Prompt.TrimStart('\n') + q.Wrong, text, StringComparison.Ordinal);
        }
        foreach (var q in world.Stated()) Assert.Contains(q.Prompt + q.Right, "\n" + text, StringComparison.Ordinal);
        var subjects = world.Implied().Select(q => q.Prompt.Trim()[..^3]).Distinct();
        foreach (var name in subjects)
        {
            Assert.Contains($"\n{name} is taller than ", "\n" + text, StringComparison.Ordinal);
            Assert.Contains($"\n{name} is shorter than ", "\n" + text, StringComparison.Ordinal);
        }
        Assert.Equal(30 * 3 * 2, world.Implied().Count); // 3 inner pairs two or more apart per chain of 6, asked both ways
    }

    [Fact]
    public void PronounRatesAreTheSetOnesAndHeldOutFramesAreNeverTrainedOn()
    {
        var corpus = PronounCorpus.Create(1337);
        var text = corpus.Text(40_000, seed: 1);
        var augmented = corpus.Text(4_000, seed: 1, counterfactual: true);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var o in corpus.Occupations)
        {
            var withIt = lines.Where(l => l.Contains($" {o.Name} ", StringComparison.Ordinal) || l.Contains($" {o.Name},", StringComparison.Ordinal)).ToArray();
            var usual = withIt.Count(l => l.Contains($" {o.Usual} ", StringComparison.Ordinal));
            Assert.InRange(usual / (double)withIt.Length, o.Rate - 0.04, o.Rate + 0.04);
            var augmentedLines = augmented.Split('\n').Where(l => l.Contains($" {o.Name}", StringComparison.Ordinal)).ToArray();
            Assert.Equal(augmentedLines.Length / 2, augmentedLines.Count(l => l.Contains($" {o.Usual} ", StringComparison.Ordinal)));
            foreach (var prompt in corpus.Prompts(o))
                Assert.DoesNotContain(prompt.Prompt.TrimStart('\n'), text, StringComparison.Ordinal);
            Assert.Equal(corpus.Prompts(o).Count, corpus.Prompts(o).Select(p => p.Prompt).Distinct().Count()); // no prompt counted twice
        }
        Assert.All(PronounCorpus.Rates, rate => Assert.Equal(PronounCorpus.PerRate, corpus.Occupations.Count(o => o.Rate == rate)));
        // The flipped copies are shuffled among the lines: a line is rarely followed by its own flip.
        var augmentedText = augmented.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var adjacent = augmentedText.Zip(augmentedText.Skip(1)).Count(p => p.First.Replace(" she ", " he ", StringComparison.Ordinal) == p.Second || p.First.Replace(" he ", " she ", StringComparison.Ordinal) == p.Second);
        Assert.True(adjacent < augmentedText.Length / 100, $"{adjacent} of {augmentedText.Length} lines are followed by their flipped copy");
        Assert.All(corpus.Sentences(50, seed: 3), s => Assert.Equal(s.Line, s.Prefix + s.Pronoun + s.Line[(s.Prefix.Length + s.Pronoun.Length)..]));
        var she = lines.Count(l => l.Contains(" she ", StringComparison.Ordinal));
        Assert.InRange(she / (double)lines.Length, 0.48, 0.52); // half the occupations of each rate take "she": no bias overall
    }

    [Fact]
    public void InsertedPassagesOccurAsOftenAsTheirGroupSaysAndHeldOutOnesNever()
    {
        var (train, _) = Corpus.Split(Corpus.Load(TestPaths.Shakespeare), 0.1);
        var stories = Corpus.LoadFile(Path.Combine(TestPaths.RepoRoot, "data", "tinystories", "stories.txt"));
        var world = RepeatedPassages.Create(train[..50_000], stories, "<|endoftext|>", perGroup: 6, seed: 1337);
        int Count(string passage) => world.Text.Split(passage).Length - 1;
        foreach (var (copies, passage) in world.Inserted) Assert.Equal(copies, Count(passage));
        foreach (var passage in world.HeldOut) Assert.DoesNotContain(passage[..RepeatedPassages.PromptLength], world.Text, StringComparison.Ordinal);
        Assert.Equal(6 * RepeatedPassages.Copies.Length, world.Inserted.Count);
        Assert.Equal(train[..50_000].Length + world.Inserted.Sum(i => i.Copies * (i.Passage.Length + 1)), world.Text.Length);
    }

    [Fact]
    public void UnknownPeopleAppearInNoTextAndHeldOutQuestionsAreNeverAsked()
    {
        var world = HallucinationWorld.Create(known: 100, unknown: 100, seed: 1337);
        var plain = world.Text(biographies: 4, repeats: 2, abstain: false, seed: 1);
        var abstaining = world.Text(biographies: 4, repeats: 2, abstain: true, seed: 1);
        foreach (var name in world.UnknownNames)
        {
            Assert.DoesNotContain(name, plain, StringComparison.Ordinal);
            Assert.DoesNotContain(name, abstaining, StringComparison.Ordinal);
        }
        foreach (var name in world.BiographyOnlyPeople)
        {
            Assert.Contains(name, plain, StringComparison.Ordinal);
            foreach (var (prompt, _) in world.Questions(name)) Assert.DoesNotContain(prompt, abstaining, StringComparison.Ordinal);
        }
        foreach (var name in world.AbstentionNames)
        {
            Assert.DoesNotContain(name, plain, StringComparison.Ordinal);
            Assert.Contains(world.Questions(name)[0].Prompt + HallucinationWorld.DontKnow, abstaining, StringComparison.Ordinal);
        }
        foreach (var name in world.AskedPeople) Assert.Contains(world.Questions(name)[1].Prompt + world.Questions(name)[1].Answer, plain, StringComparison.Ordinal);
    }
}
