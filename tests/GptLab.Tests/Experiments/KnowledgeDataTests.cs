using GptLab.Data.Tasks;
using GptLab.Tokenization;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The knowledge experiments' data without a model: what each pretraining condition writes, that the held-out people's
/// questions appear in no training text, and what the later world changes.
/// </summary>
public class KnowledgeDataTests
{
    private static readonly BiographyWorld World = BiographyWorld.Create(40, 7);

    private static string[] LinesAbout(string text, BiographyWorld.Person person) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(person.Name + " ", StringComparison.Ordinal))];

    // A biography's sentences in order, each reduced to its attribute (the one whose value it names).
    private static int[] Order(string line, BiographyWorld.Person person) =>
        [.. line.Split(". ").Select(s => Enumerable.Range(0, 4).Single(a => s.Contains(person.Values[a], StringComparison.Ordinal)))];

    [Fact]
    public void EachConditionWritesTheBiographiesItNames()
    {
        var person = World.People[3];
        var single = LinesAbout(BiographyWorld.Biographies(World.People, 1, false, false, 1), person);
        Assert.Single(single);
        Assert.Equal([0, 1, 2, 3], Order(single[0], person));
        var permuted = LinesAbout(BiographyWorld.Biographies(World.People, 5, false, true, 1), person);
        Assert.Equal(5, permuted.Length);
        Assert.True(permuted.Select(l => string.Join(",", Order(l, person))).Distinct().Count() > 1, "permute left every biography in one order");
        var sorted = permuted.Select(l => string.Join(". ", l.TrimEnd('.').Split(". ").Select(s => s.Replace(person.Name, person.Pronoun)).Order())).Distinct();
        Assert.Single(sorted); // the same five sentences, only reordered
        var multi = LinesAbout(BiographyWorld.Biographies(World.People, 5, true, false, 1), person);
        Assert.All(multi, l => Assert.Equal([0, 1, 2, 3], Order(l, person)));
        Assert.True(multi.Distinct().Count() > 1, "five wordings gave one text");
        Assert.All(multi, l => Assert.All(person.Values, v => Assert.Contains(v, l)));
    }

    [Fact]
    public void HeldOutPeoplesQuestionsAreInNoTrainingText()
    {
        var asked = World.People.Take(20).ToArray();
        var heldOut = World.People.Skip(20).ToArray();
        var training = BiographyWorld.QuestionText(asked, 1, 3) + BiographyWorld.Biographies(World.People, 5, true, true, 1);
        Assert.All(heldOut.SelectMany(BiographyWorld.Ask), q => Assert.DoesNotContain(q.Prompt.Trim(), training));
        Assert.All(asked.SelectMany(BiographyWorld.Ask), q => Assert.Contains(q.Prompt + q.Answer, training));
        Assert.All(heldOut, p => Assert.Equal(5, LinesAbout(training, p).Length)); // their facts are there, as biographies
        var otherwise = World.People.SelectMany(p => BiographyWorld.Ask(p, otherWording: true)).ToArray();
        Assert.All(otherwise, q => Assert.DoesNotContain(q.Prompt.Trim(), training)); // the other wordings: never trained
        Assert.Equal(World.People.SelectMany(BiographyWorld.Ask).Select(q => q.Answer), otherwise.Select(q => q.Answer));
    }

    [Fact]
    public void TheStorageProbeIsNeverASentenceOfTheTextWhileTheFirstWordingOftenIs()
    {
        var fullNames = BiographyWorld.Biographies(World.People, 5, true, true, 1, fullName: true);
        var single = BiographyWorld.Biographies(World.People, 1, false, false, 1);
        foreach (var text in new[] { fullNames, single })
        {
            var probes = World.People.SelectMany(p => BiographyWorld.Statements(p, text)).ToList();
            Assert.All(probes, q => Assert.DoesNotContain(q.Prompt + q.Answer + ".", text));
            Assert.True(probes.Count > 0.9 * World.People.Count * 4, $"{probes.Count} probes of {World.People.Count * 4}: too many attributes in every wording");
        }
        // The null condition: the first wording, the probe before, is verbatim text for many facts when the name is in every sentence.
        var verbatim = World.People.SelectMany(BiographyWorld.Statements).Count(q => fullNames.Contains(q.Prompt + q.Answer + ".", StringComparison.Ordinal));
        Assert.True(verbatim > World.People.Count, $"{verbatim} first-wording sentences verbatim in the full-names text");
        // A wording with words after the value asks for them too.
        var person = World.People[0];
        Assert.Contains(BiographyWorld.Statements(person, ""), q => q.Attribute == 0 && q.Prompt == $"{person.Name} was born in " && q.Answer == person.Values[0]);
    }

    [Fact]
    public void OneCharTokenizerReadsEveryText()
    {
        var tokenizer = CharTokenizer.FromCorpus(BiographyWorld.Characters);
        var later = World.Changed([.. World.People.Take(5)], 10);
        var texts = new[] { BiographyWorld.Biographies(later.People, 5, true, true, 2), BiographyWorld.QuestionText(later.People, 1, 2) }
            .Concat(later.People.SelectMany(BiographyWorld.Statements).Select(s => s.Prompt + s.Answer));
        Assert.All(texts, t => Assert.NotEmpty(tokenizer.Encode(t)));
    }

    [Fact]
    public void TheLaterWorldMovesTheMoversAndAddsNewcomers()
    {
        var movers = World.People.Skip(20).Take(10).ToArray();
        var later = World.Changed(movers, 10);
        Assert.Equal(50, later.People.Count);
        foreach (var before in World.People)
        {
            var now = later.Find(before.Name);
            var moved = movers.Contains(before);
            for (var a = 0; a < BiographyWorld.Attributes.Count; a++)
                Assert.Equal(moved && a == BiographyWorld.EmployerAttribute, now.Values[a] != before.Values[a]);
        }
        var oldText = BiographyWorld.Biographies(World.People, 5, true, true, 1) + BiographyWorld.QuestionText(World.People, 1, 1);
        Assert.All(later.People.Skip(40), p => Assert.DoesNotContain(p.Name, oldText)); // newcomers: unknown before
        Assert.Equal(later.People.Skip(40).Count(), later.People.Skip(40).Select(p => p.Name).Distinct().Count());
    }
}
