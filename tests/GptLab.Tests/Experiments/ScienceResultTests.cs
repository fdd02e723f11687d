using GptLab.Configuration;
using GptLab.Experiments.Knowledge;
using GptLab.Experiments.Lab;
using GptLab.Experiments.Limitations;
using GptLab.Experiments.Preference;

namespace GptLab.Tests.Experiments;

/// <summary>
/// The science suite's assertions: the cpu-profile results in docs/results/ (written by tests/science/run.sh with three
/// training seeds) show the directions the docs state, each check failing on the same run's null condition; and every
/// results block in the docs is exactly what its file generates. Reading files only: it runs in CI in milliseconds.
/// </summary>
public class ScienceResultTests
{
    private static ExperimentResult Result(string experiment) =>
        Json.ReadFile<ExperimentResult>(Path.Combine(TestPaths.RepoRoot, "docs", "results", experiment + ".json"), "bash tests/science/run.sh " + experiment);

    private static ExperimentMeasure M(ExperimentResult r, string name) => r.Measure(name);

    // Two intervals that share a point: the seeds do not tell the two measures apart.
    private static bool Overlap(ExperimentMeasure a, ExperimentMeasure b) => a.Low <= b.High && b.Low <= a.High;

    [Theory]
    [InlineData("bias")]
    [InlineData("transitive-inference")]
    [InlineData("hallucination")]
    [InlineData("memorization")]
    [InlineData("scale")]
    [InlineData("assistant")]
    [InlineData("lora")]
    [InlineData("knowledge")]
    [InlineData("cutoff")]
    [InlineData("creativity")]
    [InlineData("context")]
    [InlineData("transfer")]
    [InlineData("distributional-shift")]
    [InlineData("honesty")]
    [InlineData("rl")]
    [InlineData("reward-model")]
    [InlineData("rlhf")]
    [InlineData("orca-pairs")]
    public void EveryQuotedResultIsACleanCommitsCpuRunOverThreeSeeds(string experiment)
    {
        var result = Result(experiment);
        Assert.Equal("cpu", result.Profile);
        Assert.NotNull(result.Provenance);
        Assert.False(result.Provenance.Dirty, $"{experiment}.json was made from a tree with uncommitted changes: rerun tests/science/run.sh on a clean tree");
        Assert.True(result.Provenance.Seeds.Count >= 3, $"{experiment}.json has {result.Provenance.Seeds.Count} seeds: a model-vs-model claim needs 3 or more");
        Assert.All(result.Measures.Where(m => m.Low != m.High), m => Assert.Equal(result.Provenance.Seeds.Count, m.PerSeed?.Count));
    }

    [Fact]
    public void NoResultWasMadeWithPresetsThatHaveChangedSince()
    {
        // Files written before results kept their presets have none; rerunning the experiment adds them.
        var stale = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs", "results"), "*.json")
            .Select(f => (File: Path.GetFileNameWithoutExtension(f), Json.ReadFile<ExperimentResult>(f, "bash tests/science/run.sh").Provenance?.Presets))
            .Where(r => r.Presets is not null && PresetReads.Changed(r.Presets).Count > 0)
            .Select(r => $"{r.File}.json was made with other settings of {string.Join(", ", PresetReads.Changed(r.Presets!))} than today's presets: rerun bash tests/science/run.sh {r.File}")
            .ToList();
        Assert.True(stale.Count == 0, string.Join("\n", stale));
    }

    [Fact]
    public void EveryNullConditionInTheResultFilesLeavesZeroInsideItsInterval()
    {
        // An arm split against itself (NullSplit): if its interval excluded 0, the effects' checks could pass without an effect.
        var nulls = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs", "results"), "*.json")
            .SelectMany(f => Json.ReadFile<ExperimentResult>(f, "bash tests/science/run.sh").Measures.Where(m => m.Name.StartsWith("null:", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(nulls);
        Assert.All(nulls, m => Assert.True(m.Low <= 0 && 0 <= m.High, $"{m.Name}: [{m.Low}, {m.High}]"));
    }

    [Fact]
    public void NoShareOrProbabilityInTheResultFilesHasAnIntervalOutsideZeroToOne()
    {
        // A share or a probability (not a difference of two) cannot leave [0, 1]; an interval across a few seeds must be
        // cut to it (ExperimentMeasure.Bounds), or its end reads as a value the measure can never take.
        var outside = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs", "results"), "*.json")
            .SelectMany(f => Json.ReadFile<ExperimentResult>(f, "bash tests/science/run.sh") is var r ? r.Measures.Append(r.Baseline).Select(m => (File: Path.GetFileName(f), Measure: m)) : [])
            .Where(x => (x.Measure.Unit.StartsWith("share", StringComparison.Ordinal) || x.Measure.Unit.StartsWith("probability", StringComparison.Ordinal)) && !x.Measure.Name.Contains('−'))
            .Where(x => x.Measure.Low < -1e-9 || x.Measure.High > 1 + 1e-9)
            .Select(x => $"{x.File}: {x.Measure.Name} [{x.Measure.Low}, {x.Measure.High}]").ToList();
        Assert.True(outside.Count == 0, string.Join("; ", outside));
    }

    [Fact]
    public void DpoLearnsThePairsYetAnswersNoBetterWhileIpoStaysCloseToTheSftModel()
    {
        var honesty = Result("honesty");
        // Both losses learn the validation pairs from a tie (0.5 by construction before tuning: the check's null).
        foreach (var loss in new[] { "DPO", "IPO" })
        {
            Assert.True(M(honesty, $"{loss}: validation pairs, preference accuracy").Low > 0.5);
            Assert.False(M(honesty, $"{loss}: validation pairs, preference accuracy before tuning").Low > 0.5);
        }
        // What DPO does to the answers: no fewer invented answers (the hoped-for check fails) and fewer known facts right in
        // every seed, the interval across seeds holding 0; it moved far from the SFT model in every seed, further than IPO,
        // and forgot some pretraining.
        Assert.False(M(honesty, "DPO − SFT: invented answers").High < 0);
        Assert.All(M(honesty, "DPO − SFT: known facts right").PerSeed!, change => Assert.True(change < 0, $"{change}"));
        Assert.False(M(honesty, "DPO − SFT: known facts right").High < 0);
        var (dpoKl, ipoKl) = (M(honesty, "DPO: KL to the SFT model").PerSeed!, M(honesty, "IPO: KL to the SFT model").PerSeed!);
        Assert.All(dpoKl.Zip(ipoKl), seed => Assert.True(seed.First > 5 * seed.Second, $"DPO {seed.First} against IPO {seed.Second}"));
        Assert.True(M(honesty, "DPO − SFT: pretraining val loss").Low > 0);
        // IPO keeps the known facts within a few points in every seed and forgets far less than DPO in every seed.
        Assert.All(M(honesty, "IPO − SFT: known facts right").PerSeed!, change => Assert.True(Math.Abs(change) < 0.06, $"{change}"));
        var (dpoLoss, ipoLoss) = (M(honesty, "DPO − SFT: pretraining val loss").PerSeed!, M(honesty, "IPO − SFT: pretraining val loss").PerSeed!);
        Assert.All(dpoLoss.Zip(ipoLoss), seed => Assert.True(seed.Second < seed.First / 2, $"IPO {seed.Second} against DPO {seed.First}"));
    }

    [Fact]
    public void TheRewardModelRanksHeldOutPairsYetBestOfNAgainstItPicksFewerRightFacts()
    {
        var reward = Result("reward-model");
        Assert.True(M(reward, "held-out pairs ranked right").Low > 0.5);
        Assert.False(M(reward, "validation pairs ranked right before training").Value > 0.5); // a tie by construction: the check's null
        // Over-optimisation: about known people best of 16 picks fewer right answers than one sample, in every seed (the
        // interval across three seeds reaches above 0; the random pick, the null, stays at 0 in every seed).
        Assert.All(M(reward, "best of 16 − one sample: known facts, right").PerSeed!, fall => Assert.True(fall < 0));
        Assert.All(M(reward, "null: random pick of 16 − one sample: known facts, right").PerSeed!, change => Assert.True(Math.Abs(change) < 0.02));
        // About new people the gain is not told apart from 0, and the random pick buys nothing.
        Assert.False(M(reward, "best of 16 − one sample: new people, \"I don't know.\"").Low > 0);
        Assert.False(M(reward, "null: random pick of 16 − one sample: known facts, right").High < 0);
    }

    [Fact]
    public void RlWithTheCheckersRewardsRaisesPassAtOneShuffledRewardsTeachNothingAndDpoOnOwnAnswersNeedsTheNll()
    {
        var rl = Result("rl");
        // β = 0: held-out pass@16 and pass@1 rise in every seed, and both intervals over three seeds exclude 0.
        foreach (var pass in new[] { "pass@1", "pass@16" })
        {
            Assert.All(M(rl, $"β = 0 − SFT: {pass}").PerSeed!, gain => Assert.True(gain > 0, pass));
            Assert.True(M(rl, $"β = 0 − SFT: {pass}").Low > 0, pass);
        }
        // The null: shuffled rewards move the model further than β = 0 in every seed, but the check RL passes fails on them.
        Assert.False(M(rl, "null: shuffled rewards − SFT: pass@1").Low > 0);
        Assert.All(Enumerable.Range(0, 3), s => Assert.True(M(rl, "shuffled rewards: KL to the SFT model").PerSeed![s] > M(rl, "β = 0: KL to the SFT model").PerSeed![s]));
        // β = 0.1 stays closer to the SFT model and forgets less than β = 0, in every seed; its pass@1 rises a little in every seed.
        var seeds = Enumerable.Range(0, 3);
        Assert.All(seeds, s => Assert.True(M(rl, "β = 0.1: KL to the SFT model").PerSeed![s] < M(rl, "β = 0: KL to the SFT model").PerSeed![s] / 2));
        Assert.All(M(rl, "β = 0.1 − SFT: pass@1").PerSeed!, gain => Assert.True(gain > 0));
        Assert.All(seeds, s => Assert.True(M(rl, "β = 0.1 − SFT: pretraining val loss").PerSeed![s] < M(rl, "β = 0 − SFT: pretraining val loss").PerSeed![s]));
        // DPO on pairs of the assistant's own right and wrong answers: alone, no gain (the check RL passes fails on it) and
        // a long way from the SFT model; with the chosen answer's NLL, pass@1 rose in every seed, and less drift in every seed.
        Assert.False(M(rl, "DPO on own answers − SFT: pass@1").Low > 0);
        Assert.All(M(rl, "DPO+NLL on own answers − SFT: pass@1").PerSeed!, gain => Assert.True(gain > 0));
        Assert.All(seeds, s => Assert.True(M(rl, "DPO+NLL on own answers: KL to the SFT model").PerSeed![s] < M(rl, "DPO on own answers: KL to the SFT model").PerSeed![s]));
    }

    [Fact]
    public void RlAgainstTheRewardModelClimbsItsScoreWhileTheRightFactsVanishAndNeitherTheCheckerNorTheKlPenaltyLosesThem()
    {
        var rlhf = Result("rlhf");
        string At200(string arm) => RewardHacking.Label(arm, 200);
        var (hacked, penalised, checker) = (At200("reward model"), At200($"reward model, β = {RewardHacking.KlBeta}"), At200("checker"));
        // The proxy rises while the truth falls, in every seed and across them: fewer right facts about known people, below
        // RL against the checker too; the seeds start from different shares, so the intervals across them are wide.
        static void EverySeed(ExperimentMeasure m, Func<double, bool> holds) => Assert.All(m.PerSeed!, v => Assert.True(holds(v), $"{m.Name}: {v}"));
        EverySeed(M(rlhf, $"{hacked} − SFT: reward model's score"), v => v > 0);
        EverySeed(M(rlhf, $"{hacked} − SFT: known facts, right"), v => v < 0);
        Assert.True(M(rlhf, $"{hacked} − SFT: known facts, right").High < 0);
        Assert.True(M(rlhf, $"{hacked} − checker: known facts, right").High < 0);
        EverySeed(M(rlhf, $"{hacked} − SFT: known facts, another answer"), v => v > 0); // wrong answers, not "I don't know."
        // The same check (the fall's interval across the seeds below 0) fails on the true rewards and on the reward model's
        // with the KL penalty.
        Assert.False(M(rlhf, $"{checker} − SFT: known facts, right").High < 0);
        Assert.False(M(rlhf, $"{penalised} − SFT: known facts, right").High < 0);
        // Halfway (the rl preset's 100 steps) the fall had begun in every seed; the penalty held the policy nearer in every seed.
        EverySeed(M(rlhf, $"{RewardHacking.Label("reward model", 100)} − SFT: known facts, right"), v => v < 0);
        Assert.All(Enumerable.Range(0, 3), s => Assert.True(M(rlhf, $"{penalised}: KL to the SFT model").PerSeed![s] < M(rlhf, $"{hacked}: KL to the SFT model").PerSeed![s] / 10));
    }

    [Fact]
    public void NoOrcaPairFitsTheAssistantsContextAndNearlyAllFitGpt2s()
    {
        var orca = Result("orca-pairs");
        Assert.Equal(1, M(orca, "honesty pairs that fit the context").Value);
        Assert.True(M(orca, "Orca pairs that fit the context").High < 0.05);
        Assert.True(M(orca, "Orca pairs whose prompt alone fits the context").Low > 0.5); // the answers are what does not fit
        Assert.True(M(orca, $"Orca pairs that fit GPT-2's context ({OrcaFit.Gpt2Context} tokens of its tokenizer)").Low > 0.8);
    }

    [Fact]
    public void DocsQuoteTheirResultFilesExactly()
    {
        var blocks = 0;
        foreach (var doc in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "docs"), "*.md"))
        {
            var text = File.ReadAllText(doc);
            blocks += ResultBlocks.Files(text).Count;
            Assert.True(ResultBlocks.Refresh(text, TestPaths.RepoRoot) == text, $"{Path.GetFileName(doc)} quotes numbers its result files do not hold: run {ResultBlocks.Command}");
        }
        Assert.True(blocks >= 3, $"only {blocks} results blocks in docs/");
    }

    [Fact]
    public void BiasIsReproducedAndAmplifiedByTheChoiceAndNeitherCheckPassesWithoutBias()
    {
        var bias = Result("bias");
        // The probability follows the rate: above one half at p = 1.0 (across seeds) and not at p = 0.5, the null.
        Assert.True(M(bias, "p=1.0: P(usual pronoun)").Low > 0.5);
        Assert.False(M(bias, "p=0.5: P(usual pronoun)").Low > 0.5);
        // Decoding amplifies: the choice is beyond the probability at p = 0.9; the same check fails at p = 0.5.
        Assert.True(M(bias, "p=0.9: choice − P(usual pronoun)").Low > 0);
        Assert.False(M(bias, "p=0.5: choice − P(usual pronoun)").Low > 0);
        // The augmentation removes the bias and costs loss on the pronouns, as much as the rates predict; on every
        // token, with the flipped copies shuffled among the lines, it costs little.
        Assert.True(M(bias, "bias, distance of P from 0.5: counterfactual − original").High < 0);
        var cost = M(bias, "pronoun loss cost of the augmentation");
        Assert.True(cost.Low > 0);
        Assert.InRange(M(bias, "pronoun loss cost expected from the rates alone").Value, cost.Low, cost.High);
        Assert.True(M(bias, "loss cost of the augmentation").High < 0.02);
    }

    [Fact]
    public void StatedComparisonsAreKnownAndImpliedOnesAreNot()
    {
        var sense = Result("transitive-inference");
        Assert.True(M(sense, "stated − implied accuracy").Low > 0);
        Assert.True(M(sense, "stated: accuracy").Low > sense.Baseline.Value);
        var implied = M(sense, "implied: accuracy");
        Assert.InRange(sense.Baseline.Value, implied.Low, implied.High); // at chance: the documented null result
    }

    [Fact]
    public void AbstentionsReduceInventionsAndCostKnownAnswers()
    {
        var hallucination = Result("hallucination");
        Assert.True(M(hallucination, "invented answers: with − without abstentions").High < 0);
        Assert.True(M(hallucination, "biography-only people, with abstentions: right").High < M(hallucination, "biography-only people, no abstentions: right").Low);
        Assert.True(M(hallucination, "biography-only people, no abstentions: right").Low > hallucination.Baseline.Value);
    }

    [Fact]
    public void RepetitionMakesPassagesComeOutVerbatimAndUnseenOnesNever()
    {
        var memorization = Result("memorization");
        Assert.True(M(memorization, "16 copies − never inserted").Low > 0);
        Assert.True(M(memorization, "16 copies: verbatim").Low > M(memorization, "1 copy: verbatim").High); // the copies, not the presence
        Assert.Equal(0, memorization.Baseline.Value); // a leakage guard: by construction, no unseen passage is recalled
    }

    [Fact]
    public void MoreComputeLowersTheHeldOutLossAndEveryRunBeatsTheUnigram()
    {
        var scale = Result("scale");
        Assert.True(scale.Measures.Single(m => m.Name.StartsWith("most − least compute", StringComparison.Ordinal)).High < 0);
        Assert.All(scale.Measures.Where(m => m.Name.EndsWith("val loss", StringComparison.Ordinal)), m => Assert.True(m.High < scale.Baseline.Value, m.Name));
        // At equal compute the narrower model trained four times longer wins, in both pairs, beyond the seeds' spread.
        ExperimentMeasure Run(int width, int steps) => scale.Measures.Single(m => m.Name.StartsWith($"width {width} (", StringComparison.Ordinal) && m.Name.EndsWith($", {steps} steps: val loss", StringComparison.Ordinal));
        Assert.True(Run(32, 1000).High < Run(64, 250).Low);
        Assert.True(Run(64, 1000).High < Run(128, 250).Low);
    }

    [Fact]
    public void TheAssistantsSkillsBeatTheirBaselinesAndItAnswersOverHalfTheHeldOutFacts()
    {
        var assistant = Result("assistant");
        // Every skill family above its majority answer and chance, across seeds.
        foreach (var family in new[] { "arithmetic", "copy", "reverse", "uppercase", "context" })
        {
            var score = M(assistant, $"test: {family}");
            Assert.True(score.Low > M(assistant, $"majority: {family}").Value, family);
            Assert.True(assistant.Measures.All(m => m.Name != $"chance: {family}" || score.Low > m.Value), family);
        }
        // Held-out facts: above the majority answer and above the base's own answers before fine-tuning, in every seed.
        var (facts, majority, before) = (M(assistant, "test: facts"), M(assistant, "majority: facts"), M(assistant, "base before fine-tuning: facts"));
        Assert.All(Enumerable.Range(0, facts.PerSeed!.Count), s => Assert.True(facts.PerSeed[s] > majority.PerSeed![s] && facts.PerSeed[s] > before.PerSeed![s], $"seed {s}"));
        // The course's bar (issue 25): half or more answered, the interval's lower end above the majority answer.
        Assert.True(facts.Value >= 0.5, $"held-out facts {facts.Value:P1}, under half");
        Assert.True(facts.Low > majority.Value && facts.Low > M(assistant, "chance: facts").High, $"held-out facts from {facts.Low:P1}, not above the majority answer ({majority.Value:P1})");
    }

    [Fact]
    public void PretrainingLabelsNounsNoLabelledSentenceHadAndTheSameNetworkFromScratchCannot()
    {
        var transfer = Result("transfer");
        var baseline = transfer.Baseline.Value;
        // Both pretrained classifiers beat the majority baseline in every seed and across seeds, and beat the run from scratch.
        foreach (var arm in new[] { "fine-tuned", "head only" })
        {
            var accuracy = M(transfer, PretrainingTransfer.Accuracy(arm));
            Assert.True(accuracy.Low > baseline, arm);
            Assert.All(accuracy.PerSeed!, v => Assert.True(v > baseline, $"{arm}: a seed at {v:P1}"));
            Assert.True(M(transfer, $"{arm} − from scratch").Low > 0, arm);
        }
        // From scratch: every training sentence right, the held-out nouns at the baseline (the documented null result).
        var scratch = M(transfer, PretrainingTransfer.Accuracy("from scratch"));
        Assert.InRange(baseline, scratch.Low, scratch.High);
        Assert.Equal(1.0, M(transfer, "from scratch: accuracy on the training sentences").Value);
        // Training every weight buys nothing the seeds can see over the probe: the features were there before the labels.
        var overProbe = M(transfer, "fine-tuned − head only");
        Assert.InRange(0.0, overProbe.Low, overProbe.High);
    }

    [Fact]
    public void AugmentationStoresFactsWithTheNameButOnlyFullNamesAndMixedQuestionsGetThemOut()
    {
        var knowledge = Result("knowledge");
        // Storage follows the augmentation: five wordings and orders, and full names, complete more held-out sentences.
        Assert.True(M(knowledge, "stored: multi5 + permute − single").Low > 0);
        Assert.True(M(knowledge, "stored: full names − single").Low > 0);
        // Extraction does not follow for the paper's multi5 + permute at this scale: the documented null result.
        var paper = M(knowledge, "answered: multi5 + permute − single");
        Assert.InRange(0.0, paper.Low, paper.High);
        // Full names, and questions mixed into pretraining, do get held-out facts out, beyond single across seeds.
        Assert.True(M(knowledge, "answered: full names − single").Low > 0);
        Assert.True(M(knowledge, "full names, questions mixed in: held-out people answered").Low > M(knowledge, "single: held-out people answered").High);
        // Fine-tuning memorises its own people's answers: the gap the held-out test exists to expose.
        Assert.True(M(knowledge, "single: fine-tuned people answered").Low > M(knowledge, "single: held-out people answered").High);
    }

    [Fact]
    public void EveryUpdateTeachesNewFactsAndFineTuningOnThemForgetsTheRest()
    {
        var cutoff = Result("cutoff");
        ExperimentMeasure Of(string way, string measure) => M(cutoff, $"{way}: {measure}");
        const string none = "T0 assistant (no update)", tuned = "(a) fine-tune on new facts";
        string[] updates = [tuned, "(b) continue pretraining", "(c) re-train from scratch"];
        // The null condition is the model without an update: its new facts sit at the guess; every update's lie above it.
        var before = Of(none, "new facts answered");
        Assert.InRange(cutoff.Baseline.Value, before.Low, before.High);
        Assert.All(updates, u => Assert.True(Of(u, "new facts answered").Low > before.High, u));
        Assert.True(Of(none, "movers' old employer given").Low > 0);
        // (a) answers what it was trained on, beyond the pretraining updates, and less in other words.
        Assert.True(Of(tuned, "new facts answered").Low > Of("(c) re-train from scratch", "new facts answered").High);
        Assert.True(Of(tuned, "new facts asked in other words").High < Of(tuned, "new facts answered").Low);
        // (a) forgets: old facts below the T0 assistant's, the loss on unchanged biographies above it. The same two checks
        // between re-training and the T0 assistant do not fire: the forgetting belongs to the narrow fine-tuning.
        Assert.True(Of(tuned, "old facts answered").High < Of(none, "old facts answered").Low);
        Assert.True(Of(tuned, "loss on unchanged people's biographies").Low > Of(none, "loss on unchanged people's biographies").High);
        Assert.False(Of("(c) re-train from scratch", "old facts answered").High < Of(none, "old facts answered").Low);
        Assert.False(Of("(c) re-train from scratch", "loss on unchanged people's biographies").Low > Of(none, "loss on unchanged people's biographies").High);
    }

    [Fact]
    public void TemperatureBuysDiversityStepByStepAndGreedyCopiesNoMoreThanPeople()
    {
        var creativity = Result("creativity");
        string[] temperatures = ["0.0", "0.5", "0.8", "1.0", "1.3"];
        ExperimentMeasure At(string row, string what) => M(creativity, $"{row}: {what}");
        for (var i = 1; i < temperatures.Length; i++)
        {
            var (lower, higher) = ($"temperature {temperatures[i - 1]}", $"temperature {temperatures[i]}");
            Assert.True(At(higher, "distinct-2").Low > At(lower, "distinct-2").High, higher);
            Assert.True(At(higher, "self-BLEU").High < At(lower, "self-BLEU").Low, higher);
        }
        var human = At("human continuations", "distinct-2");
        Assert.InRange(human.Value, At("temperature 0.8", "distinct-2").Value, At("temperature 1.0", "distinct-2").Value); // the means: the intervals touch
        // Greedy decoding copies the pretraining text about as much as the human continuations do: the documented null result.
        var (greedy, people) = (At("temperature 0.0", "8-grams found in the pretraining text"), At("human continuations", "8-grams found in the pretraining text"));
        Assert.True(Overlap(greedy, people), "greedy and human 8-gram shares told apart");
        Assert.True(Overlap(At("temperature 0.0", "longest run found in the pretraining text"), At("human continuations", "longest run found in the pretraining text")), "greedy and human longest runs told apart");
        Assert.True(At("temperature 1.3", "8-grams found in the pretraining text").High < people.Low);
        Assert.True(At("temperature 1.3", "longest run found in the pretraining text").High < At("human continuations", "longest run found in the pretraining text").Low);
        Assert.All(creativity.Measures.Where(m => m.Unit.StartsWith("share", StringComparison.Ordinal) || m.Name.EndsWith("distinct-2", StringComparison.Ordinal)),
            m => Assert.True(m.Low >= 0 && m.High <= 1, $"{m.Name}: {m.Low} to {m.High}"));
    }

    [Fact]
    public void TheAnswerIsReadFromTheTellingAtEveryDistanceAndEveryFormAndWithoutItNothingIsAnswered()
    {
        var context = Result("context");
        var chance = context.Baseline.Value;
        foreach (var k in ConversationContext.Distances)
        {
            var between = k == 1 ? "1 exchange between" : $"{k} exchanges between";
            // Above chance with the telling; the null condition, the telling deleted, fails the same check.
            Assert.True(M(context, $"{between}: answered with the telling").Low > chance, between);
            Assert.False(M(context, $"{between}: answered with it deleted").Low > chance, between);
            Assert.True(M(context, $"{between}: with − without").Low > 0, between);
        }
        foreach (var (form, what) in new[] { ("told in passing", "the telling"), ("changed", "the change"), ("told and asked in one message", "the telling") })
        {
            Assert.True(M(context, $"{form}: answered with {what}").Low > chance, form);
            Assert.False(M(context, $"{form}: answered with {what} deleted").Low > chance, form);
        }
        // A changed fact is answered with the new value more often than with the former one, in every seed.
        var (change, former) = (M(context, "changed: answered with the change"), M(context, "changed: answered with the former value"));
        Assert.All(Enumerable.Range(0, change.PerSeed!.Count), s => Assert.True(change.PerSeed[s] > former.PerSeed![s], $"seed {s}"));
        Assert.True(M(context, "the longest conversation asked").Value <= M(context, "the assistant's context").Value, "a conversation asked did not fit the context");
        // The documented shortfall: four exchanges later, below the 80% the course aims at.
        Assert.True(M(context, $"{ConversationContext.FormsAt} exchanges between: answered with the telling").Value < 0.8, "the 80% target is reached: update docs/knowledge.md and notebook 08");
    }

    [Fact]
    public void TextUnlikeShakespeareCostsMoreInOrderAndSumsOutsideTheTrainedRangeFallTowardChance()
    {
        var shift = Result("distributional-shift");
        string[] sources = ["TinyStories", "Dolly answers", "invented facts", "C# source"];
        Assert.True(shift.Baseline.High < Math.Log(65), "held-out Shakespeare costs as much as a uniform guess over its 65 characters");
        Assert.All(sources, s => Assert.True(M(shift, $"{s} − held out").Low > 0, s));
        // The null condition, the shift removed (held-out Shakespeare against itself): the same check fails.
        Assert.False(M(shift, DistributionalShift.NullName).Low > 0);
        // The order one would expect, each interval clear of the next.
        for (var i = 1; i < sources.Length; i++)
            Assert.True(M(shift, $"{sources[i]} − held out").Low > M(shift, $"{sources[i - 1]} − held out").High, sources[i]);
        // Sums: the right answer preferred inside the trained range; well below that outside, where two-digit ranges hold
        // chance (the null condition of "above chance") and three digits lie at most a little above it.
        var inside = M(shift, "arithmetic 0–20 (trained range, held-out problems): prefers the right answer");
        Assert.True(inside.Low > 0.5);
        Assert.True(M(shift, "arithmetic: trained range − 100–999").Low > 0);
        foreach (var range in new[] { "21–50", "51–99" })
            Assert.InRange(0.5, M(shift, $"arithmetic {range}: prefers the right answer").Low, M(shift, $"arithmetic {range}: prefers the right answer").High);
        Assert.True(M(shift, "arithmetic 100–999: prefers the right answer").Value < 0.6);
        Assert.All(new[] { "21–50", "51–99", "100–999" }, r => Assert.True(M(shift, $"arithmetic {r}: prefers the right answer").High < inside.Low, r));
    }
}
